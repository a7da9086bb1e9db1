#include "v2_migration.hpp"

#include <array>
#include <string>
#include <vector>

#include "item_record.hpp"
#include "run_changes.hpp"
#include "version_table.hpp"

namespace connector::store::detail {
namespace {

// The old tables, in the order a sync lists them.
constexpr std::array<std::pair<ItemKind, std::string_view>, 4> kOldTables{{
    {ItemKind::resource_type, "resource_types"},
    {ItemKind::resource, "resources"},
    {ItemKind::entitlement, "entitlements"},
    {ItemKind::grant, "grants"},
}};

struct OldRun {
  std::int64_t id = 0;
  std::string status;
};

// The runs of `connector` whose items are still stored, oldest first: good runs (an
// empty good run counts: it had nothing to store) and quarantined ones. Good runs
// whose items were pruned are left out: their state is not known any more.
std::vector<OldRun> runs_with_items(Database& db, const std::string& connector) {
  Statement query(db,
                  "SELECT r.id, r.status FROM sync_runs r WHERE r.connector = ?1"
                  " AND r.status IN ('good', 'quarantined')"
                  " AND (r.resource_types + r.resources + r.entitlements + r.grants = 0"
                  "      OR EXISTS (SELECT 1 FROM resource_types WHERE run_id = r.id)"
                  "      OR EXISTS (SELECT 1 FROM resources WHERE run_id = r.id)"
                  "      OR EXISTS (SELECT 1 FROM entitlements WHERE run_id = r.id)"
                  "      OR EXISTS (SELECT 1 FROM grants WHERE run_id = r.id))"
                  " ORDER BY r.id");
  query.bind(1, connector);
  std::vector<OldRun> runs;
  while (query.step()) runs.push_back(OldRun{query.integer(0), query.text(1)});
  // Only good runs can follow a first kept good run; a quarantined run before it
  // compares with nothing known.
  while (!runs.empty() && runs.front().status != "good") runs.erase(runs.begin());
  return runs;
}

std::int64_t current_users(Database& db, std::int64_t connector) {
  Statement query(db,
                  "SELECT count(*) FROM item_versions WHERE connector = ?1 AND kind = 1"
                  " AND valid_to IS NULL AND is_user = 1");
  query.bind(1, connector);
  query.step();
  return query.integer(0);
}

void replay(Database& db, std::int64_t connector, const OldRun& run, std::int64_t last_good) {
  RunChanges changes(db, connector, run.id, load_current_versions(db, connector, 0),
                     current_users(db, connector));
  for (const auto& [kind, table] : kOldTables) {
    Statement items(db,
                    "SELECT json FROM " + std::string(table) + " WHERE run_id = ?1 ORDER BY id");
    items.bind(1, run.id);
    while (items.step()) {
      const std::string json = items.text(0);
      const boost::json::object item = parse_item(json, kind);
      changes.put(describe_item(kind, item, json));
    }
  }
  const RunOutcome outcome = changes.finish();
  // A quarantined run older than the latest good one was superseded: its items go.
  if (run.status == "quarantined") {
    if (run.id > last_good)
      hold_run_changes(db, connector, run.id, outcome.endings);
    else
      delete_run_versions(db, connector, run.id);
    return;
  }
  changes.apply(outcome);
  Statement(db,
            "UPDATE sync_runs SET users = ?2, added = ?3, changed = ?4, removed = ?5"
            " WHERE id = ?1")
      .bind(1, run.id)
      .bind(2, outcome.users)
      .bind(3, outcome.added)
      .bind(4, outcome.changed)
      .bind(5, outcome.removed)
      .run();
  Statement(db, "UPDATE connectors SET history_from = coalesce(history_from, ?2) WHERE id = ?1")
      .bind(1, connector)
      .bind(2, run.id)
      .run();
}

}  // namespace

void migrate_v2_items(Database& db) {
  std::vector<std::string> connectors;
  {
    Statement query(db, "SELECT DISTINCT connector FROM sync_runs ORDER BY connector");
    while (query.step()) connectors.push_back(query.text(0));
  }
  for (const std::string& name : connectors) {
    const std::int64_t connector = ensure_connector(db, name);
    const auto runs = runs_with_items(db, name);
    std::int64_t last_good = 0;
    for (const OldRun& run : runs) {
      if (run.status == "good") last_good = run.id;
    }
    for (const OldRun& run : runs) replay(db, connector, run, last_good);
  }
}

}  // namespace connector::store::detail
