#include "store_check.hpp"

#include <connector/store/sqlite.hpp>
#include <connector/store/sync_runs.hpp>

namespace fault_matrix {

namespace store = connector::store;

bool StoreCheck::intact() const { return problems().empty(); }

std::string StoreCheck::problems() const {
  std::string out;
  if (integrity != "ok") out += "integrity_check: " + integrity + "; ";
  if (runs_still_running != 0) out += std::to_string(runs_still_running) + " run(s) running; ";
  if (items_of_unfinished_runs != 0) {
    out += std::to_string(items_of_unfinished_runs) + " item(s) kept by failed runs; ";
  }
  if (!latest_good) out += "no good run; ";
  return out;
}

StoreCheck check_store(const std::filesystem::path& state_dir, const std::string& connector) {
  // A connection of its own, as an auditor would open it; the host has exited.
  store::Database db = store::Database::open(state_dir / "store.db");
  StoreCheck check;
  {
    store::Statement integrity(db, "PRAGMA integrity_check");
    check.integrity = integrity.step() ? integrity.text(0) : "no answer";
  }
  check.runs = store::list_runs(db, connector, 1000);
  const auto good = store::latest_good_run(db, connector);
  if (good) check.latest_good = good->id;
  check.runs_still_running =
      db.query_int("SELECT count(*) FROM sync_runs WHERE status = 'running'");
  // Versions begun by a run that did not complete (the store deletes them).
  check.items_of_unfinished_runs = db.query_int(
      "SELECT count(*) FROM item_versions WHERE valid_from IN (SELECT id FROM sync_runs"
      " WHERE status IN ('running', 'failed', 'cancelled'))");
  return check;
}

}  // namespace fault_matrix
