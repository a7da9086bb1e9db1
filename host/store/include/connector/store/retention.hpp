// Retention by age: a connector's history older than its manifest's
// store.keep_history (host/manifest: default 400 days) folds into the state at the
// cutoff. A sync folds after its good commit (SyncOptions::keep_history).
//
// The cutoff run is the latest good run that finished at or before the cutoff time.
// Its state stays answerable; the versions that had ended by then and the rows of
// older runs are deleted, and the connector's history starts at the cutoff run: a
// version that began before it reads as begun at it (history, held_since).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "connector/store/sqlite.hpp"
#include "connector/store/sync_run.hpp"

namespace connector::store {

// Folds `connector`'s history older than `cutoff`. Returns the run history now starts
// at when it moved, none when there was nothing to fold.
std::optional<std::int64_t> fold_history(Database& db, std::string_view connector,
                                         TimePoint cutoff);

// The run the connector's history starts at: the oldest good run whose state the
// store answers. None before its first good run.
std::optional<std::int64_t> history_start(Database& db, std::string_view connector);

}  // namespace connector::store
