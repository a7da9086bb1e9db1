#include "connector/store/diff.hpp"

#include <stdexcept>
#include <string>

#include "connector/store/sync_runs.hpp"

namespace connector::store {

std::string_view to_string(Change change) {
  switch (change) {
    case Change::added:
      return "added";
    case Change::removed:
      return "removed";
    case Change::changed:
      return "changed";
  }
  return "unknown";
}

namespace {

// Added (only in the newer run ?2), removed (only in the older run ?1) and changed
// (in both, with another display name or status), by id. Each part walks one run's
// primary key and probes the other's, so the cost is linear in the runs' sizes.
constexpr std::string_view kResourceChanges = R"sql(
SELECT 'added', n.id, n.type, n.display_name, n.status, NULL, NULL
  FROM resources n
  WHERE n.run_id = ?2 AND NOT EXISTS (SELECT 1 FROM resources o WHERE o.run_id = ?1 AND o.id = n.id)
UNION ALL
SELECT 'removed', o.id, o.type, o.display_name, o.status, NULL, NULL
  FROM resources o
  WHERE o.run_id = ?1 AND NOT EXISTS (SELECT 1 FROM resources n WHERE n.run_id = ?2 AND n.id = o.id)
UNION ALL
SELECT 'changed', n.id, n.type, n.display_name, n.status, o.display_name, o.status
  FROM resources n JOIN resources o ON o.run_id = ?1 AND o.id = n.id
  WHERE n.run_id = ?2
    AND (n.display_name IS NOT o.display_name OR n.status IS NOT o.status)
ORDER BY 2
)sql";

constexpr std::string_view kGrantChanges = R"sql(
SELECT 'added', n.id, n.entitlement, n.principal
  FROM grants n
  WHERE n.run_id = ?2 AND NOT EXISTS (SELECT 1 FROM grants o WHERE o.run_id = ?1 AND o.id = n.id)
UNION ALL
SELECT 'removed', o.id, o.entitlement, o.principal
  FROM grants o
  WHERE o.run_id = ?1 AND NOT EXISTS (SELECT 1 FROM grants n WHERE n.run_id = ?2 AND n.id = o.id)
ORDER BY 2
)sql";

Change parse_change(const std::string& name) {
  if (name == "added") return Change::added;
  if (name == "removed") return Change::removed;
  return Change::changed;
}

// Reads the changes; the caller holds a read transaction so that every query sees
// the same state of the database.
SyncDiff read_diff(Database& db, std::int64_t from_id, std::int64_t to_id) {
  auto from = find_run(db, from_id);
  auto to = find_run(db, to_id);
  if (!from || !to) throw std::invalid_argument("diff: no such sync run");
  SyncDiff diff{*from, *to, {}, {}};

  Statement resources(db, kResourceChanges);
  resources.bind(1, from_id).bind(2, to_id);
  while (resources.step()) {
    diff.resources.push_back(ResourceChange{parse_change(resources.text(0)), resources.text(1),
                                            resources.text(2), resources.optional_text(3),
                                            resources.optional_text(4), resources.optional_text(5),
                                            resources.optional_text(6)});
  }
  Statement grants(db, kGrantChanges);
  grants.bind(1, from_id).bind(2, to_id);
  while (grants.step()) {
    diff.grants.push_back(
        GrantChange{parse_change(grants.text(0)), grants.text(1), grants.text(2), grants.text(3)});
  }
  return diff;
}

}  // namespace

SyncDiff diff_runs(Database& db, std::int64_t from_id, std::int64_t to_id) {
  Transaction read(db, Transaction::Mode::deferred);
  auto diff = read_diff(db, from_id, to_id);
  read.commit();
  return diff;
}

std::optional<SyncDiff> diff_last_good_runs(Database& db, std::string_view connector) {
  Transaction read(db, Transaction::Mode::deferred);
  const auto runs = list_runs(db, connector, 2, RunStatus::good);
  if (runs.size() < 2) return std::nullopt;
  auto diff = read_diff(db, runs[1].id, runs[0].id);
  read.commit();
  return diff;
}

}  // namespace connector::store
