#include "manifest/byte_size.hpp"

#include <array>
#include <charconv>
#include <utility>

namespace connector::host::manifest {
namespace {

constexpr std::uint64_t kibibyte = 1024;
constexpr std::array<std::pair<std::string_view, std::uint64_t>, 4> units{{
    {"TiB", kibibyte* kibibyte* kibibyte* kibibyte},
    {"GiB", kibibyte* kibibyte* kibibyte},
    {"MiB", kibibyte* kibibyte},
    {"KiB", kibibyte},
}};
constexpr std::uint64_t largest = units[0].second;  // 1 TiB

}  // namespace

std::optional<std::uint64_t> parse_byte_size(std::string_view text) {
  for (const auto& [suffix, scale] : units) {
    if (text.size() <= suffix.size() || text.substr(text.size() - suffix.size()) != suffix)
      continue;
    const std::string_view digits = text.substr(0, text.size() - suffix.size());
    std::uint64_t count = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
    if (ec != std::errc() || end != digits.data() + digits.size() || count == 0)
      return std::nullopt;
    // Checked before multiplying, so that the product cannot overflow.
    if (count > largest / scale) return std::nullopt;
    return count * scale;
  }
  return std::nullopt;
}

std::string format_byte_size(std::uint64_t bytes) {
  for (const auto& [suffix, scale] : units) {
    if (bytes >= scale && bytes % scale == 0)
      return std::to_string(bytes / scale) + " " + std::string(suffix);
  }
  return std::to_string(bytes) + " bytes";
}

}  // namespace connector::host::manifest
