// The indexes that answer history and state queries by entitlement, principal and
// resource (internal). A first sync into a store that holds no versions drops them
// and builds them again at its commit: built from the finished table, each index page
// is written once, where maintained row by row the 400,000 inserts of a large tenant,
// arriving in no order of these columns, rewrote the same pages at every write batch
// (measured: half of a first sync's CPU time).
#pragma once

#include "connector/store/sqlite.hpp"

namespace connector::store::detail {

// Whether the store holds no item version at all, of any connector: the only case in
// which a sync drops the indexes (nothing can be asked of them before it commits).
bool holds_no_versions(Database& db);

// Drops the indexes; the caller holds the write transaction that begins the sync.
void drop_history_indexes(Database& db);

// Whether any of the indexes is missing (one read of the schema).
bool history_indexes_missing(Database& db);

// Creates the indexes that are missing; a read when none is. The caller holds a write
// transaction (a sync's commit or abort), or calls it with none at open.
void ensure_history_indexes(Database& db);

}  // namespace connector::store::detail
