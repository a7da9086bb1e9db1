#include "connector/store/diff.hpp"

#include <boost/json/parse.hpp>

#include <map>
#include <stdexcept>
#include <string>
#include <tuple>

#include "connector/store/sync_runs.hpp"
#include "item_kind.hpp"
#include "item_text.hpp"
#include "version_table.hpp"

namespace connector::store {

std::string_view to_string(Change change) {
  switch (change) {
    case Change::added:
      return "added";
    case Change::removed:
      return "removed";
    case Change::changed:
      return "changed";
  }
  return "unknown";
}

namespace {

using detail::ItemKind;

// The versions of resources and grants that differ between run ?2 (older) and ?3:
// those holding at ?3 that began after ?2, and those holding at ?2 that ended by ?3.
// Each walks an index over the runs between, so the cost is the size of the change.
// The columns read_versions() reads, of the versions `where` picks.
std::string versions_sql(std::string_view where) {
  return "SELECT kind, id, hash, type, entitlement, principal, " + detail::item_text() +
         " FROM item_versions WHERE " + std::string(where) + " AND kind IN (1, 3)";
}
std::string begun_sql() {
  return versions_sql(
      "connector = ?1 AND valid_from > ?2 AND valid_from <= ?3"
      " AND (valid_to IS NULL OR valid_to > ?3)");
}
std::string ended_sql() {
  return versions_sql("connector = ?1 AND valid_to > ?2 AND valid_to <= ?3 AND valid_from <= ?2");
}

struct Version {
  std::int64_t hash = 0;
  std::string type, entitlement, principal;
  std::optional<std::string> display_name, status;
};

using Versions = std::map<std::pair<int, std::string>, Version>;  // by kind, then id

std::optional<std::string> string_member(const boost::json::value& item, std::string_view name) {
  if (!item.is_object()) return std::nullopt;
  const auto* value = item.as_object().if_contains(name);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string(value->get_string());
}

Versions read_versions(Database& db, std::string_view sql, std::int64_t connector,
                       std::int64_t from_id, std::int64_t to_id) {
  Statement query(db, sql);
  query.bind(1, connector).bind(2, from_id).bind(3, to_id);
  Versions versions;
  while (query.step()) {
    Version version;
    const int kind = static_cast<int>(query.integer(0));
    version.hash = query.integer(2);
    if (kind == detail::to_int(ItemKind::resource)) {
      version.type = query.text(3);
      // Only resources show names and statuses; only their JSON is parsed.
      boost::system::error_code error;
      const auto item = boost::json::parse(query.text_view(6), error);
      if (!error) {
        version.display_name = string_member(item, "display_name");
        version.status = string_member(item, "status");
      }
    } else {
      version.entitlement = query.text(4);
      version.principal = query.text(5);
    }
    versions.emplace(std::make_pair(kind, query.text(1)), std::move(version));
  }
  return versions;
}

void add_change(SyncDiff& diff, Change change, int kind, const std::string& id,
                const Version& shown, const Version* older) {
  if (kind == detail::to_int(ItemKind::grant)) {
    diff.grants.push_back(GrantChange{change, id, shown.entitlement, shown.principal});
    return;
  }
  ResourceChange resource{change, id, shown.type, shown.display_name, shown.status, {}, {}};
  if (older != nullptr) {
    resource.old_display_name = older->display_name;
    resource.old_status = older->status;
  }
  diff.resources.push_back(std::move(resource));
}

// Reads the changes; the caller holds a read transaction so that every query sees
// the same state of the database.
SyncDiff read_diff(Database& db, std::int64_t from_id, std::int64_t to_id) {
  auto from = find_run(db, from_id);
  auto to = find_run(db, to_id);
  if (!from || !to) throw std::invalid_argument("diff: no such sync run");
  if (from->connector != to->connector) {
    throw std::invalid_argument("diff: runs " + std::to_string(from_id) + " and " +
                                std::to_string(to_id) + " are of different connectors");
  }
  SyncDiff diff{*from, *to, {}, {}};
  const auto connector = detail::find_connector(db, from->connector);
  if (!connector || from_id == to_id) return diff;
  // Older first, whichever order the runs were given in.
  const std::int64_t older = std::min(from_id, to_id), newer = std::max(from_id, to_id);
  Versions begun = read_versions(db, begun_sql(), *connector, older, newer);
  Versions ended = read_versions(db, ended_sql(), *connector, older, newer);
  if (from_id > to_id) std::swap(begun, ended);  // a backwards diff undoes the changes

  // Both maps are ordered by (kind, id): a merge gives resources then grants, by id.
  auto b = begun.begin();
  auto e = ended.begin();
  while (b != begun.end() || e != ended.end()) {
    if (e == ended.end() || (b != begun.end() && b->first < e->first)) {
      add_change(diff, Change::added, b->first.first, b->first.second, b->second, nullptr);
      ++b;
    } else if (b == begun.end() || e->first < b->first) {
      add_change(diff, Change::removed, e->first.first, e->first.second, e->second, nullptr);
      ++e;
    } else {
      // Changed, unless it changed back: then the two runs agree on it.
      if (b->second.hash != e->second.hash) {
        add_change(diff, Change::changed, b->first.first, b->first.second, b->second, &e->second);
      }
      ++b;
      ++e;
    }
  }
  return diff;
}

}  // namespace

SyncDiff diff_runs(Database& db, std::int64_t from_id, std::int64_t to_id) {
  Transaction read(db, Transaction::Mode::deferred);
  auto diff = read_diff(db, from_id, to_id);
  read.commit();
  return diff;
}

std::optional<SyncDiff> diff_last_good_runs(Database& db, std::string_view connector) {
  Transaction read(db, Transaction::Mode::deferred);
  const auto runs = list_runs(db, connector, 2, RunStatus::good);
  if (runs.size() < 2) return std::nullopt;
  auto diff = read_diff(db, runs[1].id, runs[0].id);
  read.commit();
  return diff;
}

}  // namespace connector::store
