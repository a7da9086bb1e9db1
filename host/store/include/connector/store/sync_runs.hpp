// Queries and state changes on sync runs as a whole (not their items).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "connector/store/sqlite.hpp"
#include "connector/store/sync_run.hpp"

namespace connector::store {

std::optional<SyncRun> find_run(Database& db, std::int64_t run_id);
// The connector's latest good sync: what diff, export and --from-store read.
std::optional<SyncRun> latest_good_run(Database& db, std::string_view connector);
// The good sync of `run`'s connector just before `run`: what diff compares with.
std::optional<SyncRun> good_run_before(Database& db, const SyncRun& run);
// Newest first, at most `limit`; `status` filters when given.
std::vector<SyncRun> list_runs(Database& db, std::string_view connector, std::size_t limit,
                               std::optional<RunStatus> status = std::nullopt);

// Promotes the connector's quarantined run (newer than its latest good run) to good,
// for an operator who confirmed that the removals are real: its held changes become
// versions. Older quarantined runs are superseded. Throws std::runtime_error when
// there is none.
SyncRun accept_quarantined(Database& db, std::string_view connector);

// Marks runs left 'running' by a process that no longer exists as failed and deletes
// the versions they began. Returns how many. Called when a Store opens; with a
// connector, only that connector's runs, inside the caller's write transaction.
int recover_abandoned_runs(Database& db);
int recover_abandoned_runs(Database& db, std::string_view connector);

}  // namespace connector::store
