// Durations as manifests and options write them: "90s", "5m", "1h", "1d"; zero as
// "0", "0s", "0m"... Whether zero is allowed is the field's business (a jitter of 0 is
// none; a sync every 0s is a mistake), so the parser accepts it and each caller decides.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace connector::host::manifest {

// A whole number (digits only) followed by one unit (s, m, h or d), or a bare "0";
// nullopt otherwise. At most 1,000,000,000 units.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

// How a duration is written, for error messages: "a number and s, m, h or d, eg: 30m".
inline constexpr std::string_view duration_syntax = "a number and s, m, h or d, eg: 30m";

}  // namespace connector::host::manifest
