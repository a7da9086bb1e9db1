#include "connector/store/sync_run.hpp"

#include <array>
#include <cstdio>
#include <ctime>
#include <stdexcept>
#include <string>

namespace connector::store {

std::int64_t to_unix_ms(TimePoint time) { return time.time_since_epoch().count(); }

TimePoint from_unix_ms(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

TimePoint now() { return std::chrono::time_point_cast<std::chrono::milliseconds>(Clock::now()); }

std::string to_iso8601(TimePoint time) {
  const std::int64_t ms = to_unix_ms(time);
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 32> buffer{};
  const std::size_t size = std::strftime(buffer.data(), buffer.size(), "%Y-%m-%dT%H:%M:%S", &utc);
  std::array<char, 8> millis{};
  std::snprintf(millis.data(), millis.size(), ".%03dZ", static_cast<int>(ms % 1000));
  return std::string(buffer.data(), size) + millis.data();
}

std::string to_iso8601_seconds(TimePoint time) {
  const std::string full = to_iso8601(time);
  return full.substr(0, full.size() - 5) + "Z";  // without ".123Z"
}

namespace {
constexpr std::array<std::pair<RunStatus, std::string_view>, 6> kStatusNames{{
    {RunStatus::running, "running"},
    {RunStatus::good, "good"},
    {RunStatus::failed, "failed"},
    {RunStatus::cancelled, "cancelled"},
    {RunStatus::quarantined, "quarantined"},
    {RunStatus::superseded, "superseded"},
}};
}  // namespace

std::string_view to_string(RunStatus status) {
  for (const auto& [value, name] : kStatusNames) {
    if (value == status) return name;
  }
  return "unknown";
}

RunStatus parse_run_status(std::string_view name) {
  for (const auto& [value, known] : kStatusNames) {
    if (known == name) return value;
  }
  throw std::invalid_argument("unknown sync run status \"" + std::string(name) + "\"");
}

}  // namespace connector::store
