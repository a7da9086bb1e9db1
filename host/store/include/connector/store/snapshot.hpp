// The state of a connector at one good run: its items as the plugin emitted them in
// that run, read from the versions (`resources`, `entitlements` and
// `grants --from-store [--as-of AT]`, export, access reviews). The answers have the
// same shapes as a live listing.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connector/store/sqlite.hpp"
#include "connector/store/sync_run.hpp"

namespace connector::store {

using ItemVisitor = std::function<void(std::string_view item_json)>;

class Snapshot {
 public:
  // The connector's latest good run; empty when it has never synced successfully.
  static std::optional<Snapshot> latest_good(Database& db, std::string_view connector);
  // The state at `run` (a good run of its connector, at or after the connector's
  // history start: see point_in_time.hpp to find one).
  Snapshot(Database& db, SyncRun run);

  const SyncRun& run() const noexcept { return run_; }

  // Each visits items in id order. An empty filter means all.
  void resource_types(const ItemVisitor& visit) const;
  void resources(std::string_view type, const ItemVisitor& visit) const;
  // Entitlements of `resource_id` (eg "role:7").
  void entitlements(std::string_view resource_id, const ItemVisitor& visit) const;
  // Grants of the entitlements of `resource_id`, as list_grants answers.
  void grants(std::string_view resource_id, const ItemVisitor& visit) const;
  // Grants held by `principal_id` (eg "user:101").
  void grants_of_principal(std::string_view principal_id, const ItemVisitor& visit) const;
  // Grants of the entitlement `entitlement_id` (eg "role:7:member").
  void grants_of_entitlement(std::string_view entitlement_id, const ItemVisitor& visit) const;

 private:
  void visit(std::string_view sql, std::optional<std::string_view> filter,
             const ItemVisitor& visit) const;

  Database* db_;
  SyncRun run_;
  std::int64_t connector_id_ = 0;  // 0: the connector has no versions
};

// Collects what a Snapshot visits, for callers that want a vector.
std::vector<std::string> collect(const std::function<void(const ItemVisitor&)>& source);

}  // namespace connector::store
