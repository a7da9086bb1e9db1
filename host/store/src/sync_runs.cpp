#include "connector/store/sync_runs.hpp"

#include <signal.h>

#include <cerrno>
#include <stdexcept>
#include <string>

#include "run_row.hpp"
#include "version_table.hpp"

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

std::optional<SyncRun> good_run_before(Database& db, const SyncRun& run) {
  Statement query(db,
                  "SELECT max(id) FROM sync_runs WHERE connector = ?1 AND status = 'good'"
                  " AND id < ?2");
  query.bind(1, run.connector).bind(2, run.id);
  query.step();
  const auto id = query.optional_integer(0);
  return id ? find_run(db, *id) : std::nullopt;
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

SyncRun accept_quarantined(Database& db, std::string_view connector) {
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
  const std::int64_t run_id = find.integer(0);
  find.reset();
  const std::int64_t connector_id = detail::ensure_connector(db, connector);
  detail::release_held_changes(db, connector_id, run_id);
  Statement older(db,
                  "SELECT id FROM sync_runs"
                  " WHERE connector = ?1 AND status = 'quarantined' AND id < ?2");
  older.bind(1, connector).bind(2, run_id);
  std::vector<std::int64_t> superseded;
  while (older.step()) superseded.push_back(older.integer(0));
  older.reset();
  for (const std::int64_t run : superseded) detail::drop_held_changes(db, run);
  Statement(db,
            "UPDATE sync_runs SET status = 'superseded'"
            " WHERE connector = ?1 AND status = 'quarantined' AND id < ?2")
      .bind(1, connector)
      .bind(2, run_id)
      .run();
  Statement(db, "UPDATE sync_runs SET status = 'good' WHERE id = ?1").bind(1, run_id).run();
  Statement(db, "UPDATE connectors SET history_from = coalesce(history_from, ?2) WHERE id = ?1")
      .bind(1, connector_id)
      .bind(2, run_id)
      .run();
  transaction.commit();
  return *find_run(db, run_id);
}

namespace {

// Fails the abandoned runs (all connectors', or `connector`'s) and deletes the
// versions they began; the caller holds the write transaction.
int fail_abandoned_runs(Database& db, std::optional<std::string_view> connector) {
  Statement running(db,
                    "SELECT id, owner_pid, connector FROM sync_runs"
                    " WHERE status = 'running' AND (?1 IS NULL OR connector = ?1)");
  if (connector) running.bind(1, *connector);
  struct Abandoned {
    std::int64_t id, pid;
    std::string connector;
  };
  std::vector<Abandoned> abandoned;
  while (running.step()) {
    const std::int64_t pid = running.optional_integer(1).value_or(0);
    if (!process_exists(pid)) abandoned.push_back({running.integer(0), pid, running.text(2)});
  }
  running.reset();
  Statement fail(db,
                 "UPDATE sync_runs SET status = 'failed', error = ?2"
                 " WHERE id = ?1 AND status = 'running'");
  int count = 0;
  for (const auto& run : abandoned) {
    fail.bind(1, run.id).bind(2, "the process writing this sync (pid " + std::to_string(run.pid) +
                                     ") ended before the sync finished");
    fail.run();
    count += db.changes();
    if (const auto connector_id = detail::find_connector(db, run.connector)) {
      detail::delete_run_versions(db, *connector_id, run.id);
    }
  }
  return count;
}

}  // namespace

int recover_abandoned_runs(Database& db) {
  // A read first: most opens find nothing, and take no write lock.
  if (db.query_int("SELECT count(*) FROM sync_runs WHERE status = 'running'") == 0) return 0;
  Transaction transaction(db);
  // Re-checked under the write lock: an owner may have finished meanwhile.
  const int count = fail_abandoned_runs(db, std::nullopt);
  transaction.commit();
  return count;
}

int recover_abandoned_runs(Database& db, std::string_view connector) {
  return fail_abandoned_runs(db, connector);
}

}  // namespace connector::store
