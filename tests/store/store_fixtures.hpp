// Shared helpers for the store tests: a temporary state directory and builders for
// item JSON shaped as DESIGN section 4 (and as the NinjaOne plugin emits them).
#pragma once

#include <boost/json.hpp>

#include <filesystem>
#include <map>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "connector/store/diff.hpp"
#include "connector/store/operations.hpp"
#include "connector/store/snapshot.hpp"
#include "connector/store/store.hpp"
#include "connector/store/sync_writer.hpp"
#include "support/temp_dir.hpp"

// Printers, so Boost.Test can show values in failure messages.
namespace connector::store {
inline std::ostream& operator<<(std::ostream& out, RunStatus status) {
  return out << to_string(status);
}
inline std::ostream& operator<<(std::ostream& out, Change change) {
  return out << to_string(change);
}
inline std::ostream& operator<<(std::ostream& out, OperationState state) {
  return out << to_string(state);
}
inline std::ostream& operator<<(std::ostream& out, const RunCounts& counts) {
  return out << "{types " << counts.resource_types << ", resources " << counts.resources
             << ", entitlements " << counts.entitlements << ", grants " << counts.grants << "}";
}
}  // namespace connector::store

namespace store_test {

// A fresh directory under TMPDIR, removed with everything in it at the end.
using test_support::TempDir;

inline std::string user(int id, const std::string& name = "",
                        const std::string& status = "enabled") {
  boost::json::object item{
      {"id", "user:" + std::to_string(id)},
      {"type", "user"},
      {"display_name", name.empty() ? "User " + std::to_string(id) : name},
      {"traits", boost::json::array{"user"}},
      {"status", status},
      {"profile",
       {{"userType", "TECHNICIAN"}, {"email", "user" + std::to_string(id) + "@example.com"}}}};
  return boost::json::serialize(item);
}

inline std::string role(int id, const std::string& name = "") {
  boost::json::object item{{"id", "role:" + std::to_string(id)},
                           {"type", "role"},
                           {"display_name", name.empty() ? "Role " + std::to_string(id) : name},
                           {"traits", boost::json::array{"role"}},
                           {"status", "enabled"},
                           {"profile", boost::json::object{}}};
  return boost::json::serialize(item);
}

inline std::string member_entitlement(int role_id) {
  const std::string resource = "role:" + std::to_string(role_id);
  boost::json::object item{
      {"id", resource + ":member"}, {"resource", resource},
      {"slug", "member"},           {"display_name", "Role " + std::to_string(role_id) + " member"},
      {"purpose", "assignment"},    {"grantable_to", boost::json::array{"user"}},
      {"provisionable", true}};
  return boost::json::serialize(item);
}

inline std::string member_grant(int role_id, int user_id) {
  const std::string entitlement = "role:" + std::to_string(role_id) + ":member";
  const std::string principal = "user:" + std::to_string(user_id);
  boost::json::object item{{"id", entitlement + ":" + principal},
                           {"entitlement", entitlement},
                           {"principal", principal}};
  return boost::json::serialize(item);
}

inline std::string resource_type(const std::string& id) {
  boost::json::object item{{"id", id}, {"display_name", id}, {"traits", boost::json::array{id}}};
  return boost::json::serialize(item);
}

// A tenant: users 1..users, roles 1..roles, and role memberships as (role, user).
struct Tenant {
  int users = 10;
  int roles = 2;
  std::vector<std::pair<int, int>> grants;  // (role, user)

  // Every user is a member of one role: role (u % roles) + 1.
  static Tenant with_members(int users, int roles) {
    Tenant tenant{users, roles, {}};
    for (int u = 1; u <= users; ++u) tenant.grants.emplace_back((u % roles) + 1, u);
    return tenant;
  }
};

inline void write_items(connector::store::SyncWriter& writer, const Tenant& tenant) {
  writer.add_resource_type(resource_type("user"));
  writer.add_resource_type(resource_type("role"));
  for (int u = 1; u <= tenant.users; ++u) writer.add_resource(user(u));
  for (int r = 1; r <= tenant.roles; ++r) writer.add_resource(role(r));
  for (int r = 1; r <= tenant.roles; ++r) writer.add_entitlement(member_entitlement(r));
  for (const auto& [r, u] : tenant.grants) writer.add_grant(member_grant(r, u));
}

// Writes and commits one complete run of `tenant`.
inline connector::store::SyncRun sync_tenant(connector::store::Store& store,
                                             const std::string& connector, const Tenant& tenant,
                                             connector::store::GuardOptions guard = {}) {
  auto writer = connector::store::SyncWriter::begin(store, connector, guard);
  write_items(writer, tenant);
  return writer.commit();
}

// How many items of each kind the state at `run` holds, read back from the versions.
inline connector::store::RunCounts state_counts(connector::store::Database& db,
                                                const connector::store::SyncRun& run) {
  const connector::store::Snapshot snapshot(db, run);
  connector::store::RunCounts counts;
  snapshot.resource_types([&](std::string_view) { ++counts.resource_types; });
  snapshot.resources("", [&](std::string_view) { ++counts.resources; });
  snapshot.entitlements("", [&](std::string_view) { ++counts.entitlements; });
  snapshot.grants("", [&](std::string_view) { ++counts.grants; });
  return counts;
}

// Version rows run `run_id` began (added or changed items), whatever its status.
inline std::int64_t versions_begun(connector::store::Database& db, std::int64_t run_id) {
  connector::store::Statement query(db, "SELECT count(*) FROM item_versions WHERE valid_from = ?1");
  query.bind(1, run_id);
  query.step();
  return query.integer(0);
}

// Every version row of the store.
inline std::int64_t version_rows(connector::store::Database& db) {
  return db.query_int("SELECT count(*) FROM item_versions");
}

// Every index on item_versions, by name, with the SQL that created it.
inline std::map<std::string, std::string> version_indexes(connector::store::Database& db) {
  connector::store::Statement query(db,
                                    "SELECT name, sql FROM sqlite_schema WHERE type = 'index'"
                                    " AND tbl_name = 'item_versions' AND sql IS NOT NULL");
  std::map<std::string, std::string> indexes;
  while (query.step()) indexes.emplace(query.text(0), query.text(1));
  return indexes;
}

}  // namespace store_test
