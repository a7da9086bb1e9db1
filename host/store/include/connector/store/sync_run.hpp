// What the store knows about one sync run of one connector.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace connector::store {

using Clock = std::chrono::system_clock;
using TimePoint = std::chrono::time_point<Clock, std::chrono::milliseconds>;

// The store keeps times as integer milliseconds since the Unix epoch (UTC).
std::int64_t to_unix_ms(TimePoint time);
TimePoint from_unix_ms(std::int64_t ms);
TimePoint now();
// "2026-11-24T10:44:05.123Z"
std::string to_iso8601(TimePoint time);
// "2026-11-24T10:44:05Z" (history lines: a run's time to the second)
std::string to_iso8601_seconds(TimePoint time);

// The life of a run: running, then exactly one of the others.
//  good         complete and accepted: the connector's latest good sync is the newest of these
//  failed       the plugin or the host failed, or the process died mid-run; holds no items
//  cancelled    stopped on request (SIGTERM, Ctrl-C); holds no items
//  quarantined  complete, but it would remove too many users or grants compared with the
//               last good run (the mass-deletion guard); kept for an operator to accept
//  superseded   a quarantined run that a newer good run made obsolete
enum class RunStatus { running, good, failed, cancelled, quarantined, superseded };

std::string_view to_string(RunStatus status);
// Throws std::invalid_argument on an unknown name.
RunStatus parse_run_status(std::string_view name);

struct RunCounts {
  std::int64_t resource_types = 0;
  std::int64_t resources = 0;
  std::int64_t entitlements = 0;
  std::int64_t grants = 0;

  std::int64_t total() const { return resource_types + resources + entitlements + grants; }
  bool operator==(const RunCounts&) const = default;
};

// What a run changed against the previous good run, in items.
struct ChangeCounts {
  std::int64_t added = 0;
  std::int64_t changed = 0;
  std::int64_t removed = 0;
};

struct SyncRun {
  std::int64_t id = 0;
  std::string connector;
  TimePoint started_at;
  std::optional<TimePoint> finished_at;
  RunStatus status = RunStatus::running;
  // good, quarantined: the items stored; failed, cancelled: the items received
  // before the sync stopped (none of them is kept).
  RunCounts counts;
  ChangeCounts changes;                          // good, quarantined
  std::optional<std::string> error;              // failed or cancelled: why
  std::optional<std::string> quarantine_reason;  // quarantined: what the guard saw
};

}  // namespace connector::store
