// The condition "this version holds at run ?2" for a query on item_versions (internal):
// it began at or before the run and had not ended by it. ?1 is the connector.
#pragma once

#include <string>
#include <string_view>

namespace connector::store::detail {

// For a table aliased `alias` (empty: none).
inline std::string held_at_run(std::string_view alias = "", std::string_view run = "?2") {
  const std::string a = alias.empty() ? std::string() : std::string(alias) + ".";
  return a + "connector = ?1 AND " + a + "valid_from <= " + std::string(run) + " AND (" + a +
         "valid_to IS NULL OR " + a + "valid_to > " + std::string(run) + ")";
}

}  // namespace connector::store::detail
