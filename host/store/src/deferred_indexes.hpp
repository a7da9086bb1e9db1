// The indexes a first sync into an empty store builds at its commit instead of row by
// row (internal): the id index (id, kind, connector, ...), which also answers questions
// by entitlement and resource (schema.cpp, version 6), and the partial index that
// answers them by principal. Built from the finished table, each index page is written
// once; maintained row by row, the 400,000 inserts of a large tenant, arriving in no
// order of these columns, rewrote the same pages at every write batch (measured on a
// first sync of 436,507 items, when there were three partial indexes: they cost half
// its CPU time, the id index a further 17%).
#pragma once

#include "connector/store/sqlite.hpp"

namespace connector::store::detail {

// Whether the store holds no item version at all, of any connector: the only case in
// which a sync drops the indexes. Nothing can be asked of them before it commits; a
// sync running beside it (another connector's first) has no current version either.
bool holds_no_versions(Database& db);

// Drops the indexes; the caller holds the write transaction that begins the sync.
void drop_deferred_indexes(Database& db);

// Whether any of the indexes is missing (one read of the schema).
bool deferred_indexes_missing(Database& db);

// Creates the indexes that are missing; a read when none is. The caller holds a write
// transaction (a sync's commit or abort), or calls it with none at open.
void ensure_deferred_indexes(Database& db);

// Creates the indexes that are missing, each in a write transaction of its own that
// it commits; the caller holds none. A sync's commit calls it first, so that its
// checkpointing thread (background_checkpoint.hpp) copies each index's pages into the
// database file while the next one is built, instead of the last connection to close
// copying all of them, 35 MiB for 436,507 items, while the command waits. Their
// commits show nothing to readers: the run is still running.
void build_missing_deferred_indexes(Database& db);

// Creates the id index if it is missing, inside the caller's write transaction: a
// first sync that meets an id a second time looks its first version up by id, which
// without the index would read the whole table once per repeated id.
void ensure_id_index(Database& db);

}  // namespace connector::store::detail
