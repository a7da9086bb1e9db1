#include "connector/store/sync_runs.hpp"

#include <signal.h>

#include <cerrno>
#include <stdexcept>
#include <string>

#include "run_row.hpp"

namespace connector::store {
namespace {

using detail::kRunColumns;
using detail::read_run;

bool process_exists(std::int64_t pid) {
  if (pid <= 0) return false;
  // Signal 0 checks existence only; EPERM means it exists but belongs to someone else.
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace

std::optional<SyncRun> find_run(Database& db, std::int64_t run_id) {
  Statement query(db, std::string("SELECT ") + kRunColumns + " FROM sync_runs WHERE id = ?1");
  query.bind(1, run_id);
  if (!query.step()) return std::nullopt;
  return read_run(query);
}

std::optional<SyncRun> latest_good_run(Database& db, std::string_view connector) {
  auto runs = list_runs(db, connector, 1, RunStatus::good);
  if (runs.empty()) return std::nullopt;
  return runs.front();
}

std::vector<SyncRun> list_runs(Database& db, std::string_view connector, std::size_t limit,
                               std::optional<RunStatus> status) {
  Statement query(db, std::string("SELECT ") + kRunColumns +
                          " FROM sync_runs WHERE connector = ?1 AND (?2 IS NULL OR status = ?2)"
                          " ORDER BY id DESC LIMIT ?3");
  query.bind(1, connector);
  if (status) query.bind(2, to_string(*status));
  query.bind(3, static_cast<std::int64_t>(limit));
  std::vector<SyncRun> runs;
  while (query.step()) runs.push_back(read_run(query));
  return runs;
}

SyncRun accept_quarantined(Database& db, std::string_view connector, int keep_good_runs) {
  std::int64_t run_id = 0;
  {
    Transaction transaction(db);
    // Only a quarantined run newer than the latest good one can be accepted; an older
    // one would roll the connector's state back (and is marked superseded anyway).
    Statement find(db,
                   "SELECT id FROM sync_runs WHERE connector = ?1 AND status = 'quarantined'"
                   " AND id > coalesce((SELECT max(id) FROM sync_runs"
                   "                    WHERE connector = ?1 AND status = 'good'), 0)"
                   " ORDER BY id DESC LIMIT 1");
    find.bind(1, connector);
    if (!find.step()) {
      throw std::runtime_error("connector \"" + std::string(connector) +
                               "\" has no quarantined sync to accept");
    }
    run_id = find.integer(0);
    Statement promote(db, "UPDATE sync_runs SET status = 'good' WHERE id = ?1");
    promote.bind(1, run_id).run();
    transaction.commit();
  }
  prune_runs(db, connector, keep_good_runs);
  return *find_run(db, run_id);
}

int recover_abandoned_runs(Database& db) {
  Statement running(db, "SELECT id, owner_pid FROM sync_runs WHERE status = 'running'");
  std::vector<std::pair<std::int64_t, std::int64_t>> abandoned;
  while (running.step()) {
    const std::int64_t pid = running.optional_integer(1).value_or(0);
    if (!process_exists(pid)) abandoned.emplace_back(running.integer(0), pid);
  }
  if (abandoned.empty()) return 0;

  Transaction transaction(db);
  // Re-check the status under the write lock: the owner may have finished meanwhile.
  Statement fail(db,
                 "UPDATE sync_runs SET status = 'failed', error = ?2"
                 " WHERE id = ?1 AND status = 'running'");
  int count = 0;
  for (const auto& [id, pid] : abandoned) {
    fail.bind(1, id).bind(2, "the process writing this sync (pid " + std::to_string(pid) +
                                 ") ended before the sync finished");
    fail.run();
    count += db.changes();
  }
  transaction.commit();
  return count;
}

void prune_runs(Database& db, std::string_view connector, int keep_good_runs) {
  Transaction transaction(db);
  for (const char* table : {"grants", "entitlements", "resources", "resource_types"}) {
    Statement prune(db, std::string("DELETE FROM ") + table +
                            " WHERE run_id IN (SELECT id FROM sync_runs WHERE connector = ?1"
                            "   AND status NOT IN ('running', 'quarantined')"
                            "   AND id NOT IN (SELECT id FROM sync_runs WHERE connector = ?1"
                            "                  AND status = 'good' ORDER BY id DESC LIMIT ?2))");
    prune.bind(1, connector).bind(2, keep_good_runs).run();
  }
  transaction.commit();
}

}  // namespace connector::store
