#include "ids.hpp"

#include <charconv>

namespace ninjaone::ids {

std::optional<std::int32_t> parse_ninja_id(std::string_view text) {
  if (text.empty() || text.front() == '-' || text.front() == '+') return std::nullopt;
  std::int32_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace ninjaone::ids
