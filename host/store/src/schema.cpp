#include "connector/store/schema.hpp"

#include <array>
#include <string>
#include <string_view>

#include "v2_migration.hpp"

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

// Version 3: versioned items (docs/store.md). Each (connector, kind, id) keeps one
// row per content it had, with the good runs it held in: [valid_from, valid_to). A
// sync writes rows only for what changed. The per-run item tables of versions 1-2
// are folded into versions by migrate_v2_items (v2_migration.cpp), then dropped.
constexpr std::string_view kVersion3 = R"sql(
CREATE TABLE connectors (
  id            INTEGER PRIMARY KEY,
  name          TEXT    NOT NULL UNIQUE,
  -- The oldest good run whose state the store still answers (older history was folded
  -- into it by retention, or was never kept); NULL until the first good run.
  history_from  INTEGER
);

ALTER TABLE sync_runs ADD COLUMN users   INTEGER NOT NULL DEFAULT 0;  -- what the guard counts
ALTER TABLE sync_runs ADD COLUMN added   INTEGER NOT NULL DEFAULT 0;  -- versions the run began
ALTER TABLE sync_runs ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_runs ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;

CREATE TABLE item_versions (
  version      INTEGER PRIMARY KEY,
  connector    INTEGER NOT NULL,  -- connectors.id
  kind         INTEGER NOT NULL,  -- 0 resource type, 1 resource, 2 entitlement, 3 grant
  id           TEXT    NOT NULL,  -- the item's id, eg "role:7:member:user:101"
  valid_from   INTEGER NOT NULL,  -- the first good run that held this content
  valid_to     INTEGER,           -- the first good run that no longer did; NULL: current
  hash         INTEGER NOT NULL,  -- XXH3-64 of json
  type         TEXT,              -- resource: its type
  resource     TEXT,              -- entitlement: its resource
  entitlement  TEXT,              -- grant
  principal    TEXT,              -- grant
  is_user      INTEGER NOT NULL DEFAULT 0,  -- resource of type or trait "user"
  json         TEXT    NOT NULL   -- the item exactly as the plugin emitted it
);
-- The state at a run, one item's history, and the current versions a sync compares with.
CREATE INDEX item_versions_by_id
  ON item_versions (connector, kind, id, valid_from, valid_to, hash);
-- What a run began and ended: diff, history --since, retention, a failed run's rows.
CREATE INDEX item_versions_by_start ON item_versions (connector, valid_from);
CREATE INDEX item_versions_by_end ON item_versions (connector, valid_to)
  WHERE valid_to IS NOT NULL;
CREATE INDEX item_versions_by_entitlement ON item_versions (connector, entitlement)
  WHERE entitlement IS NOT NULL;
CREATE INDEX item_versions_by_principal ON item_versions (connector, principal)
  WHERE principal IS NOT NULL;
CREATE INDEX item_versions_by_resource ON item_versions (connector, resource)
  WHERE resource IS NOT NULL;

-- A quarantined run's changes, held apart from the versions until an operator
-- accepts the run (then they become versions) or a newer good run supersedes it.
CREATE TABLE held_versions (
  run_id       INTEGER NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
  kind         INTEGER NOT NULL,
  id           TEXT    NOT NULL,
  hash         INTEGER NOT NULL,
  type         TEXT,
  resource     TEXT,
  entitlement  TEXT,
  principal    TEXT,
  is_user      INTEGER NOT NULL DEFAULT 0,
  json         TEXT    NOT NULL
);
CREATE INDEX held_versions_by_run ON held_versions (run_id);
CREATE TABLE held_endings (
  run_id   INTEGER NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
  version  INTEGER NOT NULL,  -- a current version the run would end
  PRIMARY KEY (run_id, version)
) WITHOUT ROWID;
)sql";

// Drops the per-run item tables once their items are versions (after kVersion3 and
// migrate_v2_items in the same transaction).
constexpr std::string_view kDropRunItems = R"sql(
DROP TABLE grants;
DROP TABLE entitlements;
DROP TABLE resources;
DROP TABLE resource_types;
)sql";

// Version 4: access reviews (a frozen list of grants, the decisions on them with their
// history, what applying them did) and timed grants (a grant with an expiry the host
// revokes). docs/reviews.md and docs/timed-grants.md.
constexpr std::string_view kVersion4 = R"sql(
CREATE TABLE reviews (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, even after a delete
  connector   TEXT    NOT NULL,
  name        TEXT    NOT NULL,
  scope       TEXT    NOT NULL,  -- JSON array of the entitlement globs; [] is everything
  as_of_run   INTEGER NOT NULL,  -- the good run whose grants were frozen
  as_of_time  INTEGER NOT NULL,  -- when that run finished (Unix ms)
  created_at  INTEGER NOT NULL,
  created_by  TEXT,
  closed_at   INTEGER            -- set by close: decisions are frozen
);
CREATE INDEX reviews_by_connector ON reviews (connector, id);

CREATE TABLE review_items (
  review            INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  item              TEXT    NOT NULL,  -- the grant id
  entitlement       TEXT    NOT NULL,
  entitlement_name  TEXT,
  principal         TEXT    NOT NULL,
  principal_name    TEXT,
  email             TEXT,
  status            TEXT,              -- the principal's status at the run
  flags             TEXT    NOT NULL DEFAULT '',  -- ';'-joined: disabled;administrator;...
  held_since_run    INTEGER,
  held_since        INTEGER,           -- when held_since_run finished (Unix ms)
  applied           TEXT CHECK (applied IN ('revoked','already_revoked','pending','failed')),
  applied_at        INTEGER,
  applied_audit     INTEGER,           -- audit_log.id of the revoke
  applied_detail    TEXT,              -- failed: why; pending: the operation
  PRIMARY KEY (review, item)
) WITHOUT ROWID;
CREATE INDEX review_items_by_entitlement ON review_items (entitlement, review);

-- Every decision ever recorded: the current one of an item is its newest row.
CREATE TABLE review_decisions (
  id        INTEGER PRIMARY KEY,
  review    INTEGER NOT NULL,
  item      TEXT    NOT NULL,
  decision  TEXT    NOT NULL CHECK (decision IN ('keep','revoke')),
  reason    TEXT,
  reviewer  TEXT,
  time      INTEGER NOT NULL,
  FOREIGN KEY (review, item) REFERENCES review_items (review, item) ON DELETE CASCADE
);
CREATE INDEX review_decisions_by_item ON review_decisions (review, item, id);

CREATE TABLE timed_grants (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  connector        TEXT    NOT NULL,
  entitlement      TEXT    NOT NULL,
  principal        TEXT    NOT NULL,
  granted_at       INTEGER NOT NULL,
  expires_at       INTEGER NOT NULL,
  state            TEXT    NOT NULL CHECK (state IN ('active','expired','ended')),
  attempts         INTEGER NOT NULL DEFAULT 0,  -- failed revokes at expiry so far
  next_attempt_at  INTEGER,                     -- after a failure: not before
  last_error       TEXT,
  ended_at         INTEGER,
  outcome          TEXT  -- expired: revoked|already_revoked|pending; ended: why
);
-- At most one running timer per grant.
CREATE UNIQUE INDEX timed_grants_active ON timed_grants (connector, entitlement, principal)
  WHERE state = 'active';
CREATE INDEX timed_grants_by_expiry ON timed_grants (state, expires_at);
)sql";

// Version 5: the id index and the partial indexes on item_versions lead with their
// text column. SQLite's sorter, building them at a first sync's end, compares keys
// that begin with text by their bytes, and keys that begin with an integer (a
// connector every key shares) field by field: for NinjaOne's 436,507 items, 0.37 to
// 0.28 s for the four. Lookups are equalities on every leading column, so either
// order answers them; the current versions a sync loads are a walk of the whole id
// index (version_table.cpp), which passes other connectors' versions too.
constexpr std::string_view kVersion5 = R"sql(
DROP INDEX IF EXISTS item_versions_by_id;
CREATE INDEX item_versions_by_id
  ON item_versions (id, kind, connector, valid_from, valid_to, hash);
DROP INDEX IF EXISTS item_versions_by_entitlement;
DROP INDEX IF EXISTS item_versions_by_principal;
DROP INDEX IF EXISTS item_versions_by_resource;
CREATE INDEX item_versions_by_entitlement ON item_versions (entitlement, connector)
  WHERE entitlement IS NOT NULL;
CREATE INDEX item_versions_by_principal ON item_versions (principal, connector)
  WHERE principal IS NOT NULL;
CREATE INDEX item_versions_by_resource ON item_versions (resource, connector)
  WHERE resource IS NOT NULL;
)sql";

// Version 6: the partial indexes on entitlement and resource go. The identifiers make
// them redundant: a grant's id is its entitlement's id, ":", its principal's, and an
// entitlement's id is its resource's id, ":", its slug (docs/identifiers-and-json.md;
// item_scan.cpp refuses an item that breaks either), so a resource's entitlements and
// an entitlement's grants are a range of the id index, "P:" up to "P;" (state_query.hpp).
// A first sync builds these indexes at its end: for NinjaOne's 436,507 items, dropping them
// took its wall time from 1.05 to 0.90 s. Each query still tests the column itself, so a row
// an older build stored against the rule is missed by these questions, never misreported.
constexpr std::string_view kVersion6 = R"sql(
DROP INDEX IF EXISTS item_versions_by_entitlement;
DROP INDEX IF EXISTS item_versions_by_resource;
)sql";

void migrate_to_version3(Database& db) {
  db.execute(kVersion3);
  detail::migrate_v2_items(db);
  db.execute(kDropRunItems);
}

// A step takes the database from version N-1 to N: its SQL, then its code if any.
struct Step {
  std::string_view sql;
  void (*code)(Database&) = nullptr;
};

constexpr std::array<Step, kSchemaVersion> kSteps{
    Step{kVersion1}, Step{kVersion2}, Step{{}, &migrate_to_version3},
    Step{kVersion4}, Step{kVersion5}, Step{kVersion6}};

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
    const Step& step = kSteps[static_cast<std::size_t>(current)];
    if (!step.sql.empty()) db.execute(step.sql);
    if (step.code != nullptr) step.code(db);
    db.execute("PRAGMA user_version = " + std::to_string(current + 1));
    transaction.commit();
  }
}

}  // namespace connector::store
