#include "connector/store/schema.hpp"

#include <array>
#include <string>
#include <string_view>

namespace connector::store {
namespace {

// Version 1: sync runs and the items of each run. Items keep the JSON exactly as
// the plugin emitted it, plus the few fields queries filter and compare on.
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE sync_runs (
  id                  INTEGER PRIMARY KEY,
  connector           TEXT    NOT NULL,
  started_at          INTEGER NOT NULL,  -- Unix ms
  finished_at         INTEGER,
  status              TEXT    NOT NULL CHECK (status IN
                        ('running','good','failed','cancelled','quarantined','superseded')),
  resource_types      INTEGER NOT NULL DEFAULT 0,
  resources           INTEGER NOT NULL DEFAULT 0,
  entitlements        INTEGER NOT NULL DEFAULT 0,
  grants              INTEGER NOT NULL DEFAULT 0,
  error               TEXT,
  quarantine_reason   TEXT,
  owner_pid           INTEGER  -- the process writing a running run, to find abandoned ones
);
CREATE INDEX sync_runs_by_connector ON sync_runs (connector, status, id);

CREATE TABLE resource_types (
  run_id  INTEGER NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
  id      TEXT    NOT NULL,
  json    TEXT    NOT NULL,
  PRIMARY KEY (run_id, id)
) WITHOUT ROWID;

CREATE TABLE resources (
  run_id        INTEGER NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
  id            TEXT    NOT NULL,
  type          TEXT    NOT NULL,
  display_name  TEXT,
  parent        TEXT,
  status        TEXT,
  is_user       INTEGER NOT NULL,  -- type "user" or trait "user": what the guard counts
  json          TEXT    NOT NULL,
  PRIMARY KEY (run_id, id)
) WITHOUT ROWID;
CREATE INDEX resources_by_type ON resources (run_id, type);

CREATE TABLE entitlements (
  run_id    INTEGER NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
  id        TEXT    NOT NULL,
  resource  TEXT    NOT NULL,
  json      TEXT    NOT NULL,
  PRIMARY KEY (run_id, id)
) WITHOUT ROWID;
CREATE INDEX entitlements_by_resource ON entitlements (run_id, resource);

CREATE TABLE grants (
  run_id       INTEGER NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
  id           TEXT    NOT NULL,
  entitlement  TEXT    NOT NULL,
  principal    TEXT    NOT NULL,
  json         TEXT    NOT NULL,
  PRIMARY KEY (run_id, id)
) WITHOUT ROWID;
CREATE INDEX grants_by_entitlement ON grants (run_id, entitlement);
)sql";

// Version 2: the audit log of provisioning actions and the provisioning operations
// still to be confirmed (NinjaOne tickets), which the scheduler polls.
constexpr std::string_view kVersion2 = R"sql(
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  time        INTEGER NOT NULL,  -- Unix ms
  connector   TEXT    NOT NULL,
  operation   TEXT    NOT NULL,  -- grant, revoke, create_account, delete_account, ...
  target      TEXT,              -- entitlement or resource id
  principal   TEXT,
  result      TEXT    NOT NULL,  -- granted, already_granted, pending, error:NOT_FOUND, ...
  request_id  TEXT,
  dry_run     INTEGER NOT NULL DEFAULT 0,
  details     TEXT               -- JSON
);
CREATE INDEX audit_log_by_connector ON audit_log (connector, time);

CREATE TABLE operations (
  id           INTEGER PRIMARY KEY,
  connector    TEXT    NOT NULL,
  kind         TEXT    NOT NULL,  -- grant, revoke, create_account, delete_account
  target       TEXT,
  principal    TEXT,
  operation    TEXT    NOT NULL,  -- the plugin's operation object (JSON), eg a ticket
  state        TEXT    NOT NULL CHECK (state IN ('open','pending','done','rejected','expired')),
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  deadline     INTEGER,
  last_detail  TEXT,
  outcome      TEXT               -- JSON, once done, rejected or expired
);
CREATE INDEX operations_by_state ON operations (state, connector);
)sql";

constexpr std::array<std::string_view, kSchemaVersion> kSteps{kVersion1, kVersion2};

}  // namespace

int schema_version(Database& db) { return static_cast<int>(db.query_int("PRAGMA user_version")); }

void migrate(Database& db, int target) {
  if (target < 0 || target > kSchemaVersion) {
    throw std::invalid_argument("no schema version " + std::to_string(target));
  }
  for (;;) {
    // Each step runs in its own write transaction that also re-reads the version,
    // so two processes opening a new state directory at once cannot both apply a step.
    Transaction transaction(db, Transaction::Mode::immediate);
    const int current = schema_version(db);
    if (current > kSchemaVersion) {
      throw SchemaTooNewError(
          db.file().string() + " has schema version " + std::to_string(current) +
          ", newer than this connector-host understands (" + std::to_string(kSchemaVersion) +
          "); use a newer connector-host or another --state directory");
    }
    if (current >= target) return;
    db.execute(kSteps[static_cast<std::size_t>(current)]);
    db.execute("PRAGMA user_version = " + std::to_string(current + 1));
    transaction.commit();
  }
}

}  // namespace connector::store
