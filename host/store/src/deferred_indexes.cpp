#include "deferred_indexes.hpp"

#include <array>
#include <string>
#include <string_view>

namespace connector::store::detail {
namespace {

struct DeferredIndex {
  std::string_view name;
  std::string_view definition;  // what follows the name in CREATE INDEX, spaces included
};

// As schema versions 5 and 6 left them (schema.cpp); a test compares the two. The id
// index comes first: ensure_id_index() creates it alone.
constexpr std::array<DeferredIndex, 2> kDeferredIndexes{{
    {"item_versions_by_id",
     "\n  ON item_versions (id, kind, connector, valid_from, valid_to, hash)"},
    {"item_versions_by_principal",
     " ON item_versions (principal, connector)\n  WHERE principal IS NOT NULL"},
}};

std::int64_t present_indexes(Database& db) {
  std::string names;
  for (const DeferredIndex& index : kDeferredIndexes) {
    names += names.empty() ? "'" : ",'";
    names += index.name;
    names += "'";
  }
  return db.query_int("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN (" +
                      names + ")");
}

void create_index(Database& db, const DeferredIndex& index) {
  db.execute("CREATE INDEX IF NOT EXISTS " + std::string(index.name) +
             std::string(index.definition));
}

// While the indexes are built: SQLite's sorter gets one helper thread (it sorts one
// batch of keys while the calling thread reads the next from the table) and a 4 MiB
// page cache, which also bounds each sorter thread's memory. Measured on a first sync
// of 436,507 items: 13% less wall time; with the 8 MiB cache a sync uses, the two
// sorters raised the peak RSS from 40 to 48 MiB, with two helper threads to 56 MiB.
// The connection's settings are put back after.
class SorterSettings {
 public:
  explicit SorterSettings(Database& db)
      : db_(db), cache_size_(db.query_int("PRAGMA main.cache_size")) {
    db_.execute("PRAGMA threads = 1; PRAGMA main.cache_size = -4096;");
  }
  ~SorterSettings() {
    try {
      db_.execute("PRAGMA threads = 0; PRAGMA main.cache_size = " + std::to_string(cache_size_));
    } catch (...) {
      // Only a slower or larger connection from here on; the indexes are what matter.
    }
  }
  SorterSettings(const SorterSettings&) = delete;
  SorterSettings& operator=(const SorterSettings&) = delete;

 private:
  Database& db_;
  std::int64_t cache_size_;
};

}  // namespace

bool holds_no_versions(Database& db) {
  return db.query_int("SELECT NOT EXISTS (SELECT 1 FROM item_versions)") != 0;
}

void drop_deferred_indexes(Database& db) {
  for (const DeferredIndex& index : kDeferredIndexes) {
    db.execute("DROP INDEX IF EXISTS " + std::string(index.name));
  }
}

bool deferred_indexes_missing(Database& db) {
  return present_indexes(db) != static_cast<std::int64_t>(kDeferredIndexes.size());
}

void ensure_deferred_indexes(Database& db) {
  if (!deferred_indexes_missing(db)) return;
  const SorterSettings sorter(db);
  for (const DeferredIndex& index : kDeferredIndexes) create_index(db, index);
}

void build_missing_deferred_indexes(Database& db) {
  if (!deferred_indexes_missing(db)) return;
  const SorterSettings sorter(db);
  for (const DeferredIndex& index : kDeferredIndexes) {
    Transaction transaction(db, Transaction::Mode::immediate);
    create_index(db, index);
    transaction.commit();
  }
}

void ensure_id_index(Database& db) {
  const SorterSettings sorter(db);
  create_index(db, kDeferredIndexes.front());
}

}  // namespace connector::store::detail
