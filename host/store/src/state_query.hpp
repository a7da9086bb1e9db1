// The condition "this version holds at run ?2" for a query on item_versions (internal):
// it began at or before the run and had not ended by it. ?1 is the connector.
#pragma once

#include <string>
#include <string_view>

namespace connector::store::detail {

// For a table aliased `alias` (empty: none).
inline std::string held_at_run(std::string_view alias = "", std::string_view run = "?2",
                               std::string_view before_column = "") {
  const std::string a =
      std::string(before_column) + (alias.empty() ? std::string() : std::string(alias) + ".");
  return a + "connector = ?1 AND " + a + "valid_from <= " + std::string(run) + " AND (" + a +
         "valid_to IS NULL OR " + a + "valid_to > " + std::string(run) + ")";
}

// The same condition for a query that also asks for one entitlement, principal or
// resource, which the id index or the partial index on principal answers. The unary +
// keeps SQLite, which has no statistics, from reaching the rows through
// item_versions_by_start (connector, valid_from) instead, which is every version of the
// connector: 30-120 ms for NinjaOne's 436,507 items, against 0.1 ms through the index.
inline std::string held_at_run_beside_index(std::string_view alias = "") {
  return held_at_run(alias, "?2", "+");
}

// The condition "the id is `parent`, a colon and more": a resource's entitlements, an
// entitlement's grants, a resource's entitlements' grants (docs/identifiers-and-json.md;
// item_scan.cpp holds plugins to it). The id index answers it as one range: ';' is the
// byte after ':'. `parent` is an SQL expression, eg "?3".
inline std::string id_beneath(std::string_view parent) {
  const std::string p(parent);
  return "id > " + p + " || ':' AND id < " + p + " || ';'";
}

}  // namespace connector::store::detail
