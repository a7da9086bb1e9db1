// A point in time AT, as the commands take it (--as-of, --from, --to, --since):
//
//   12, run:12                 run 12: the latest good run of the connector at or before it
//   2026-11-30                 the end of that day (UTC): the latest good run finished by
//                              2026-11-30T23:59:59.999Z
//   2026-11-30T12:00:00Z       RFC 3339 (a fraction and an offset such as +02:00 allowed):
//                              the latest good run finished at or before it
//
// It resolves to a good run whose state the store still answers (at or after the
// connector's history start; see retention.hpp).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

#include "connector/store/sqlite.hpp"
#include "connector/store/sync_run.hpp"

namespace connector::store {

struct RunNumber {
  std::int64_t id = 0;
};

// A run number, or the last instant the AT covers.
using PointInTime = std::variant<RunNumber, TimePoint>;

// Throws std::invalid_argument naming what is wrong with `text`.
PointInTime parse_point_in_time(std::string_view text);

// The store holds no good run for the point (none yet, none that early, or history
// folded by retention): the message says which.
class NoRunAtError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The good run of `connector` that `at` designates. Throws NoRunAtError, or
// std::invalid_argument for a run number that is not one of the connector's runs.
SyncRun resolve_point_in_time(Database& db, std::string_view connector, const PointInTime& at);

// "run 12" or "2026-11-30T12:00:00.000Z", for messages.
std::string describe(const PointInTime& at);

}  // namespace connector::store
