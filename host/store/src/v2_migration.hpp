// Schema 2 -> 3 (internal): the items of each run still stored in the per-run
// tables (resource_types, resources, entitlements, grants; the newest few good runs
// and a pending quarantined run) are replayed, oldest first, into versions, through
// the same comparison a sync makes. Runs the migration step's transaction.
#pragma once

#include "connector/store/sqlite.hpp"

namespace connector::store::detail {

void migrate_v2_items(Database& db);

}  // namespace connector::store::detail
