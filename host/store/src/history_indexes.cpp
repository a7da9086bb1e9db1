#include "history_indexes.hpp"

#include <array>
#include <string>
#include <string_view>

namespace connector::store::detail {
namespace {

struct HistoryIndex {
  std::string_view name;
  std::string_view definition;  // what follows the name in CREATE INDEX
};

// As schema version 3 created them (schema.cpp); a test compares the two.
constexpr std::array<HistoryIndex, 3> kHistoryIndexes{{
    {"item_versions_by_entitlement",
     "ON item_versions (connector, entitlement)\n  WHERE entitlement IS NOT NULL"},
    {"item_versions_by_principal",
     "ON item_versions (connector, principal)\n  WHERE principal IS NOT NULL"},
    {"item_versions_by_resource",
     "ON item_versions (connector, resource)\n  WHERE resource IS NOT NULL"},
}};

std::int64_t present_indexes(Database& db) {
  std::string names;
  for (const HistoryIndex& index : kHistoryIndexes) {
    names += names.empty() ? "'" : ",'";
    names += index.name;
    names += "'";
  }
  return db.query_int("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN (" +
                      names + ")");
}

}  // namespace

bool holds_no_versions(Database& db) {
  return db.query_int("SELECT NOT EXISTS (SELECT 1 FROM item_versions)") != 0;
}

void drop_history_indexes(Database& db) {
  for (const HistoryIndex& index : kHistoryIndexes) {
    db.execute("DROP INDEX IF EXISTS " + std::string(index.name));
  }
}

bool history_indexes_missing(Database& db) {
  return present_indexes(db) != static_cast<std::int64_t>(kHistoryIndexes.size());
}

void ensure_history_indexes(Database& db) {
  if (!history_indexes_missing(db)) return;
  for (const HistoryIndex& index : kHistoryIndexes) {
    db.execute("CREATE INDEX IF NOT EXISTS " + std::string(index.name) + " " +
               std::string(index.definition));
  }
}

}  // namespace connector::store::detail
