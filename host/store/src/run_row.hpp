// Reading a sync_runs row into a SyncRun (internal to the store library).
#pragma once

#include "connector/store/sqlite.hpp"
#include "connector/store/sync_run.hpp"

namespace connector::store::detail {

// The columns read_run expects, in order; use as "SELECT " + kRunColumns + " FROM sync_runs ...".
inline constexpr const char* kRunColumns =
    "id, connector, started_at, finished_at, status, resource_types, resources, entitlements, "
    "grants, error, quarantine_reason, added, changed, removed";

inline SyncRun read_run(const Statement& row) {
  SyncRun run;
  run.id = row.integer(0);
  run.connector = row.text(1);
  run.started_at = from_unix_ms(row.integer(2));
  if (auto finished = row.optional_integer(3)) run.finished_at = from_unix_ms(*finished);
  run.status = parse_run_status(row.text(4));
  run.counts = RunCounts{row.integer(5), row.integer(6), row.integer(7), row.integer(8)};
  run.error = row.optional_text(9);
  run.quarantine_reason = row.optional_text(10);
  run.changes = ChangeCounts{row.integer(11), row.integer(12), row.integer(13)};
  return run;
}

}  // namespace connector::store::detail
