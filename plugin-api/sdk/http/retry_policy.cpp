#include <connector/sdk/http/retry_policy.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>
#include <iomanip>
#include <locale>
#include <sstream>
#include <string>

namespace connector::sdk::http {

Backoff::Backoff(std::chrono::milliseconds base, std::chrono::milliseconds max, std::uint64_t seed)
    : base_(std::max(base, std::chrono::milliseconds{0})),
      max_(std::max(max, std::chrono::milliseconds{0})),
      random_(seed) {}

std::chrono::milliseconds Backoff::ceiling(int retry) const noexcept {
  std::chrono::milliseconds bound = base_;
  for (int i = 0; i < retry && bound < max_; ++i) bound *= 2;  // stops before overflowing
  return std::min(bound, max_);
}

std::chrono::milliseconds Backoff::delay(int retry) {
  std::uniform_int_distribution<std::int64_t> pick(0, ceiling(retry).count());
  return std::chrono::milliseconds{pick(random_)};
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Parses `text` with a strftime-like `format` in the C locale, as UTC.
std::optional<std::time_t> parse_utc(std::string_view text, const char* format) {
  std::istringstream in{std::string(text)};
  in.imbue(std::locale::classic());
  std::tm tm{};
  in >> std::get_time(&tm, format);
  if (in.fail()) return std::nullopt;
  return timegm(&tm);
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;

  if (std::all_of(value.begin(), value.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    std::int64_t seconds = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (error != std::errc{} || end != value.data() + value.size()) return std::nullopt;
    // A day is far beyond any sensible wait; clamping keeps the arithmetic safe.
    return std::chrono::milliseconds{std::min<std::int64_t>(seconds, 86400) * 1000};
  }

  // IMF-fixdate, then the two obsolete forms RFC 9110 still asks recipients to accept.
  for (const char* format :
       {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %d %H:%M:%S %Y"}) {
    if (const auto when = parse_utc(value, format)) {
      // Bounded in seconds first, like delay-seconds: a date centuries away would
      // overflow the clock's nanoseconds.
      const std::int64_t ahead =
          static_cast<std::int64_t>(*when) - std::chrono::system_clock::to_time_t(now);
      if (ahead > 86400) return std::chrono::milliseconds{86400 * 1000};
      if (ahead < -1) return std::chrono::milliseconds{0};
      const auto wait = std::chrono::system_clock::from_time_t(*when) - now;
      return std::max(std::chrono::duration_cast<std::chrono::milliseconds>(wait),
                      std::chrono::milliseconds{0});
    }
  }
  return std::nullopt;
}

}  // namespace connector::sdk::http
