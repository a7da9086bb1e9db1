#include "content_hash.hpp"

// The whole of XXH3 inlined here: no library to link, and the short inputs (ids,
// small grants) hash without a call.
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace connector::store::detail {

std::uint64_t content_hash(std::string_view json) noexcept {
  return XXH3_64bits(json.data(), json.size());
}

std::uint64_t key_hash(ItemKind kind, std::string_view id) noexcept {
  // The kind as the seed: the same id of two kinds files apart.
  return XXH3_64bits_withSeed(id.data(), id.size(), static_cast<XXH64_hash_t>(to_int(kind)) + 1);
}

}  // namespace connector::store::detail
