#include "connector/store/sync_writer.hpp"

#include <unistd.h>

#include <array>
#include <optional>
#include <string>

#include "connector/store/sync_runs.hpp"
#include "item_fields.hpp"

namespace connector::store {
namespace {

// Staging tables: temporary, so private to the writer's connection, lock-free with
// respect to other connections, and deleted by SQLite when the connection closes or
// the process dies. They have no index: staging only appends, which is as cheap as
// SQLite writes get; sorting and de-duplicating happen once, in the copy.
constexpr std::string_view kCreateStaging = R"sql(
CREATE TEMP TABLE staged_resource_types (id TEXT NOT NULL, json TEXT NOT NULL);
CREATE TEMP TABLE staged_resources (
  id TEXT NOT NULL, type TEXT NOT NULL, display_name TEXT, parent TEXT, status TEXT,
  is_user INTEGER NOT NULL, json TEXT NOT NULL);
CREATE TEMP TABLE staged_entitlements (id TEXT NOT NULL, resource TEXT NOT NULL, json TEXT NOT NULL);
CREATE TEMP TABLE staged_grants (
  id TEXT NOT NULL, entitlement TEXT NOT NULL, principal TEXT NOT NULL, json TEXT NOT NULL);
)sql";

// The copy into the run's tables, in primary-key order so each table's b-tree is
// appended to rather than split at random. For a repeated id the later item (higher
// rowid) comes later and replaces the earlier one.
constexpr std::array<std::string_view, 4> kCopyStaged{
    "INSERT OR REPLACE INTO resource_types (run_id, id, json)"
    " SELECT ?1, id, json FROM temp.staged_resource_types ORDER BY id, rowid",
    "INSERT OR REPLACE INTO resources"
    " (run_id, id, type, display_name, parent, status, is_user, json)"
    " SELECT ?1, id, type, display_name, parent, status, is_user, json"
    " FROM temp.staged_resources ORDER BY id, rowid",
    "INSERT OR REPLACE INTO entitlements (run_id, id, resource, json)"
    " SELECT ?1, id, resource, json FROM temp.staged_entitlements ORDER BY id, rowid",
    "INSERT OR REPLACE INTO grants (run_id, id, entitlement, principal, json)"
    " SELECT ?1, id, entitlement, principal, json FROM temp.staged_grants ORDER BY id, rowid",
};

// Users and grants of the previous good run (?1) missing from the new run (?2).
constexpr std::string_view kRemovedUsers =
    "SELECT count(*) FROM resources p WHERE p.run_id = ?1 AND p.is_user = 1"
    " AND NOT EXISTS (SELECT 1 FROM resources n WHERE n.run_id = ?2 AND n.id = p.id)";
constexpr std::string_view kRemovedGrants =
    "SELECT count(*) FROM grants p WHERE p.run_id = ?1"
    " AND NOT EXISTS (SELECT 1 FROM grants n WHERE n.run_id = ?2 AND n.id = p.id)";

constexpr std::string_view kDropStaging = R"sql(
DROP TABLE IF EXISTS temp.staged_resource_types;
DROP TABLE IF EXISTS temp.staged_resources;
DROP TABLE IF EXISTS temp.staged_entitlements;
DROP TABLE IF EXISTS temp.staged_grants;
)sql";

std::int64_t count(Database& db, std::string_view sql, std::int64_t run_id,
                   std::optional<std::int64_t> other_run_id = std::nullopt) {
  Statement query(db, sql);
  query.bind(1, run_id);
  if (other_run_id) query.bind(2, *other_run_id);
  query.step();
  return query.integer(0);
}

}  // namespace

struct SyncWriter::State {
  Database db;
  std::string connector;
  GuardOptions guard;
  int keep_good_runs;
  std::int64_t run_id = 0;
  RunCounts received;
  bool staging_open = false;
  bool finished = false;
  std::optional<Statement> put_resource_type, put_resource, put_entitlement, put_grant;

  State(Database database, std::string name, GuardOptions options, int keep)
      : db(std::move(database)), connector(std::move(name)), guard(options), keep_good_runs(keep) {}

  void close_staging(bool keep_items) {
    if (!staging_open) return;
    staging_open = false;
    db.execute(keep_items ? "COMMIT" : "ROLLBACK");
  }

  void drop_staging() {
    put_resource_type.reset();
    put_resource.reset();
    put_entitlement.reset();
    put_grant.reset();
    db.execute(kDropStaging);
  }
};

SyncWriter::SyncWriter(std::unique_ptr<State> state) : state_(std::move(state)) {}
SyncWriter::SyncWriter(SyncWriter&&) noexcept = default;
SyncWriter& SyncWriter::operator=(SyncWriter&&) noexcept = default;

SyncWriter::~SyncWriter() {
  if (!state_ || state_->finished) return;
  try {
    abort("the sync ended without being committed");
  } catch (...) {
    // Destructors must not throw. The run stays 'running' and is marked failed by
    // the next Store that opens the database after this process ends.
  }
}

SyncWriter SyncWriter::begin(const Store& store, std::string connector, GuardOptions guard) {
  auto state = std::make_unique<State>(store.connect(), std::move(connector), guard,
                                       store.options().keep_good_runs);
  Database& db = state->db;

  // The run row is written (and committed) before any item, so a running sync is
  // visible to other processes; owner_pid lets a later open tell an abandoned run.
  Statement insert(db,
                   "INSERT INTO sync_runs (connector, started_at, status, owner_pid)"
                   " VALUES (?1, ?2, 'running', ?3)");
  insert.bind(1, state->connector).bind(2, to_unix_ms(now())).bind(3, std::int64_t{::getpid()});
  insert.run();
  state->run_id = db.last_insert_rowid();

  // Page caches: 16 MiB for staging (then it spills to its temp file), 32 MiB for
  // the copy into the store, which sorts and appends to several b-trees at once.
  db.execute("PRAGMA temp.cache_size = -16384; PRAGMA main.cache_size = -32768;");
  db.execute(kDropStaging);
  db.execute(kCreateStaging);
  db.execute("BEGIN");
  state->staging_open = true;
  state->put_resource_type.emplace(db, "INSERT INTO temp.staged_resource_types VALUES (?1, ?2)");
  state->put_resource.emplace(
      db, "INSERT INTO temp.staged_resources VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  state->put_entitlement.emplace(db, "INSERT INTO temp.staged_entitlements VALUES (?1, ?2, ?3)");
  state->put_grant.emplace(db, "INSERT INTO temp.staged_grants VALUES (?1, ?2, ?3, ?4)");
  return SyncWriter(std::move(state));
}

std::int64_t SyncWriter::run_id() const { return state_->run_id; }
const std::string& SyncWriter::connector() const { return state_->connector; }
const RunCounts& SyncWriter::received() const { return state_->received; }

void SyncWriter::add_resource_type(std::string_view json) {
  put_resource_type(detail::parse_item(json, "resource type"), json);
}
void SyncWriter::add_resource(std::string_view json) {
  put_resource(detail::parse_item(json, "resource"), json);
}
void SyncWriter::add_entitlement(std::string_view json) {
  put_entitlement(detail::parse_item(json, "entitlement"), json);
}
void SyncWriter::add_grant(std::string_view json) {
  put_grant(detail::parse_item(json, "grant"), json);
}

void SyncWriter::add_resource_type(const boost::json::object& item) {
  put_resource_type(item, boost::json::serialize(item));
}
void SyncWriter::add_resource(const boost::json::object& item) {
  put_resource(item, boost::json::serialize(item));
}
void SyncWriter::add_entitlement(const boost::json::object& item) {
  put_entitlement(item, boost::json::serialize(item));
}
void SyncWriter::add_grant(const boost::json::object& item) {
  put_grant(item, boost::json::serialize(item));
}

void SyncWriter::put_resource_type(const boost::json::object& item, std::string_view json) {
  state_->put_resource_type->bind(1, detail::required_string(item, "id", "resource type"))
      .bind(2, json)
      .run();
  ++state_->received.resource_types;
}

void SyncWriter::put_resource(const boost::json::object& item, std::string_view json) {
  const auto type = detail::required_string(item, "type", "resource");
  state_->put_resource->bind(1, detail::required_string(item, "id", "resource"))
      .bind(2, type)
      .bind(3, detail::optional_string(item, "display_name"))
      .bind(4, detail::optional_string(item, "parent"))
      .bind(5, detail::optional_string(item, "status"))
      .bind(6, detail::is_user(item, type))
      .bind(7, json)
      .run();
  ++state_->received.resources;
}

void SyncWriter::put_entitlement(const boost::json::object& item, std::string_view json) {
  state_->put_entitlement->bind(1, detail::required_string(item, "id", "entitlement"))
      .bind(2, detail::required_string(item, "resource", "entitlement"))
      .bind(3, json)
      .run();
  ++state_->received.entitlements;
}

void SyncWriter::put_grant(const boost::json::object& item, std::string_view json) {
  state_->put_grant->bind(1, detail::required_string(item, "id", "grant"))
      .bind(2, detail::required_string(item, "entitlement", "grant"))
      .bind(3, detail::required_string(item, "principal", "grant"))
      .bind(4, json)
      .run();
  ++state_->received.grants;
}

SyncRun SyncWriter::commit() {
  State& s = *state_;
  if (s.finished) throw std::logic_error("sync run already finished");
  Database& db = s.db;
  s.close_staging(true);

  // A block, so every statement reading the store is finished before the staging
  // tables are dropped (SQLite refuses to drop a table while a statement is active).
  {
    Transaction transaction(db, Transaction::Mode::immediate);
    Statement status(db, "SELECT status FROM sync_runs WHERE id = ?1");
    status.bind(1, s.run_id);
    if (!status.step() || status.text(0) != "running") {
      throw std::runtime_error("sync run " + std::to_string(s.run_id) + " is no longer running");
    }

    for (std::string_view copy : kCopyStaged) Statement(db, copy).bind(1, s.run_id).run();
    const RunCounts stored{
        count(db, "SELECT count(*) FROM resource_types WHERE run_id = ?1", s.run_id),
        count(db, "SELECT count(*) FROM resources WHERE run_id = ?1", s.run_id),
        count(db, "SELECT count(*) FROM entitlements WHERE run_id = ?1", s.run_id),
        count(db, "SELECT count(*) FROM grants WHERE run_id = ?1", s.run_id),
    };

    // The guard compares with the latest good run only: a quarantined run is never
    // the baseline, so repeated bad syncs cannot walk the state down step by step.
    std::optional<std::string> reason;
    Statement previous(db,
                       "SELECT max(id) FROM sync_runs WHERE connector = ?1 AND status = 'good'");
    previous.bind(1, s.connector);
    previous.step();
    if (auto previous_id = previous.optional_integer(0)) {
      const Removal users{
          count(db, kRemovedUsers, *previous_id, s.run_id),
          count(db, "SELECT count(*) FROM resources WHERE run_id = ?1 AND is_user = 1",
                *previous_id)};
      const Removal grants{
          count(db, kRemovedGrants, *previous_id, s.run_id),
          count(db, "SELECT count(*) FROM grants WHERE run_id = ?1", *previous_id)};
      reason = quarantine_reason(s.guard, users, grants);
    }

    Statement finish(db,
                     "UPDATE sync_runs SET status = ?2, finished_at = ?3, resource_types = ?4,"
                     " resources = ?5, entitlements = ?6, grants = ?7, quarantine_reason = ?8,"
                     " owner_pid = NULL WHERE id = ?1");
    finish.bind(1, s.run_id)
        .bind(2, reason ? "quarantined" : "good")
        .bind(3, to_unix_ms(now()))
        .bind(4, stored.resource_types)
        .bind(5, stored.resources)
        .bind(6, stored.entitlements)
        .bind(7, stored.grants)
        .bind(8, reason)
        .run();
    if (!reason) {
      Statement supersede(db,
                          "UPDATE sync_runs SET status = 'superseded'"
                          " WHERE connector = ?1 AND status = 'quarantined' AND id < ?2");
      supersede.bind(1, s.connector).bind(2, s.run_id).run();
    }
    transaction.commit();
  }
  s.finished = true;

  s.drop_staging();
  prune_runs(db, s.connector, s.keep_good_runs);
  return *find_run(db, s.run_id);
}

SyncRun SyncWriter::abort(std::string_view reason, RunStatus status) {
  State& s = *state_;
  if (s.finished) throw std::logic_error("sync run already finished");
  if (status != RunStatus::failed && status != RunStatus::cancelled) {
    throw std::invalid_argument("a sync can only be aborted as failed or cancelled");
  }
  s.close_staging(false);
  // Nothing received is kept; the counts record how far the sync got, for diagnosis.
  Statement finish(s.db,
                   "UPDATE sync_runs SET status = ?2, finished_at = ?3, error = ?4,"
                   " resource_types = ?5, resources = ?6, entitlements = ?7, grants = ?8,"
                   " owner_pid = NULL WHERE id = ?1 AND status = 'running'");
  finish.bind(1, s.run_id)
      .bind(2, to_string(status))
      .bind(3, to_unix_ms(now()))
      .bind(4, reason)
      .bind(5, s.received.resource_types)
      .bind(6, s.received.resources)
      .bind(7, s.received.entitlements)
      .bind(8, s.received.grants)
      .run();
  s.finished = true;
  s.drop_staging();
  return *find_run(s.db, s.run_id);
}

}  // namespace connector::store
