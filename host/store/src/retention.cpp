#include "connector/store/retention.hpp"

#include "version_table.hpp"

namespace connector::store {

std::optional<std::int64_t> history_start(Database& db, std::string_view connector) {
  Statement query(db, "SELECT history_from FROM connectors WHERE name = ?1");
  query.bind(1, connector);
  if (!query.step()) return std::nullopt;
  return query.optional_integer(0);
}

std::optional<std::int64_t> fold_history(Database& db, std::string_view connector,
                                         TimePoint cutoff) {
  Transaction transaction(db);
  Statement cutoff_run(db,
                       "SELECT max(id) FROM sync_runs WHERE connector = ?1 AND status = 'good'"
                       " AND finished_at <= ?2");
  cutoff_run.bind(1, connector).bind(2, to_unix_ms(cutoff));
  cutoff_run.step();
  const auto run = cutoff_run.optional_integer(0);
  cutoff_run.reset();
  const auto connector_id = detail::find_connector(db, connector);
  const auto start = history_start(db, connector);
  if (!run || !connector_id || (start && *start >= *run)) return std::nullopt;

  // Versions that had ended by the cutoff run are in no state still answerable; those
  // that began before it and still held there keep their row (valid_from is read as
  // at least history_from), so folding costs what changed, not what is.
  Statement(db,
            "DELETE FROM item_versions WHERE connector = ?1 AND valid_to IS NOT NULL"
            " AND valid_to <= ?2")
      .bind(1, *connector_id)
      .bind(2, *run)
      .run();
  // Older runs go, with what a quarantined one held (ON DELETE CASCADE).
  Statement(db, "DELETE FROM sync_runs WHERE connector = ?1 AND id < ?2")
      .bind(1, connector)
      .bind(2, *run)
      .run();
  Statement(db, "UPDATE connectors SET history_from = ?2 WHERE id = ?1")
      .bind(1, *connector_id)
      .bind(2, *run)
      .run();
  transaction.commit();
  return run;
}

}  // namespace connector::store
