// Durations as manifests write them: "90s", "5m", "1h", "1d".
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace connector::host::manifest {

// A positive whole number followed by one unit (s, m, h or d); nullopt otherwise.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

}  // namespace connector::host::manifest
