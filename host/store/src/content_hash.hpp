// The hashes the store compares items by (internal): XXH3-64 (libxxhash), fast
// and well distributed, so a re-sync tells unchanged items at memory speed.
#pragma once

#include <cstdint>
#include <string_view>

#include "item_kind.hpp"

namespace connector::store::detail {

// Of an item's JSON text, as stored in item_versions.hash (as a signed 64-bit integer).
std::uint64_t content_hash(std::string_view json) noexcept;

// Of an item's kind and id: where the version index files it.
std::uint64_t key_hash(ItemKind kind, std::string_view id) noexcept;

// SQLite integers are signed; the store keeps the same 64 bits.
inline std::int64_t to_stored(std::uint64_t hash) noexcept {
  return static_cast<std::int64_t>(hash);
}
inline std::uint64_t from_stored(std::int64_t hash) noexcept {
  return static_cast<std::uint64_t>(hash);
}

}  // namespace connector::store::detail
