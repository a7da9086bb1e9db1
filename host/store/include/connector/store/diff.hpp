// What changed between two good runs of a connector: resources and grants added,
// removed or changed (any change of their JSON; a resource shows its display name
// and status before and after), computed from the versions that began or ended
// between the two runs, so the cost is the size of the change.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connector/store/sqlite.hpp"
#include "connector/store/sync_run.hpp"

namespace connector::store {

enum class Change { added, removed, changed };
std::string_view to_string(Change change);

struct ResourceChange {
  Change change = Change::added;
  std::string id;
  std::string type;
  // The values in the newer run (the older one for a removed resource) ...
  std::optional<std::string> display_name;
  std::optional<std::string> status;
  // ... and, for a changed resource, the older ones.
  std::optional<std::string> old_display_name;
  std::optional<std::string> old_status;
};

struct GrantChange {
  Change change = Change::added;
  std::string id;
  std::string entitlement;
  std::string principal;
};

struct SyncDiff {
  SyncRun from;                           // the older run
  SyncRun to;                             // the newer run
  std::vector<ResourceChange> resources;  // by id
  std::vector<GrantChange> grants;        // by id

  bool empty() const { return resources.empty() && grants.empty(); }
};

// The changes from run `from_id` to run `to_id`: good runs of one connector, at or
// after its history start. A `from_id` newer than `to_id` gives the changes that
// lead back.
SyncDiff diff_runs(Database& db, std::int64_t from_id, std::int64_t to_id);

// The changes between the connector's last two good runs; empty when it has fewer
// than two.
std::optional<SyncDiff> diff_last_good_runs(Database& db, std::string_view connector);

}  // namespace connector::store
