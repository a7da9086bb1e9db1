#include "manifest/duration.hpp"

#include <charconv>
#include <cstdint>

namespace connector::host::manifest {

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  // Zero needs no unit: "0" can only mean one thing.
  if (text == "0") return std::chrono::seconds(0);
  if (text.size() < 2) return std::nullopt;
  const char unit = text.back();
  const std::string_view digits = text.substr(0, text.size() - 1);
  // from_chars would take a sign; a duration has none.
  if (digits.front() < '0' || digits.front() > '9') return std::nullopt;
  std::int64_t count = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  // Bounded so that the multiplication below cannot overflow.
  if (count > 1'000'000'000) return std::nullopt;
  switch (unit) {
    case 's':
      return std::chrono::seconds(count);
    case 'm':
      return std::chrono::minutes(count);
    case 'h':
      return std::chrono::hours(count);
    case 'd':
      return std::chrono::hours(24 * count);
    default:
      return std::nullopt;
  }
}

}  // namespace connector::host::manifest
