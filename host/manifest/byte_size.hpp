// Amounts of memory as manifests write them: "512MiB", "2GiB", "65536KiB".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace connector::host::manifest {

// A positive whole number followed by KiB, MiB, GiB or TiB (powers of 1024), at most
// 1 TiB; nullopt otherwise.
std::optional<std::uint64_t> parse_byte_size(std::string_view text);

// `bytes` in the largest of those units that divides it, eg: "512 MiB", else in bytes.
std::string format_byte_size(std::uint64_t bytes);

}  // namespace connector::host::manifest
