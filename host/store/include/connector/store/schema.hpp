// The store's schema and how an older database is brought up to date.
//
// The schema version is SQLite's `PRAGMA user_version`. Each migration step takes
// the database from version N-1 to N inside one transaction, so a step either
// applies completely or not at all. Steps are only ever appended: an existing step
// never changes once released, which is what lets old state directories keep working.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "connector/store/sqlite.hpp"

namespace connector::store {

// The version this build writes. A database at a higher version was written by a
// newer build and is refused, never downgraded.
inline constexpr int kSchemaVersion = 6;

class SchemaTooNewError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The version the database is at (0 for a new, empty file).
int schema_version(Database& db);

// Applies every missing step up to `target` (default: the current version).
// Throws SchemaTooNewError if the database is newer than this build knows.
void migrate(Database& db, int target = kSchemaVersion);

}  // namespace connector::store
