#include "version_index.hpp"

#include <algorithm>
#include <array>

namespace connector::store::detail {

void VersionIndex::add(ItemKind kind, std::uint64_t key, std::uint64_t content,
                       std::int64_t version) {
  entries_.emplace_back(key, content, version, kind);
  ++counts_[static_cast<std::size_t>(to_int(kind))];
}

namespace {

// Moves each entry of a range into the run of its digit (an American flag sort step,
// in place): run d is [bounds[d * stride], bounds[(d + 1) * stride]), d = 0..255.
// With 256 runs, the next free place of each stays in the cache, so a swap costs no
// wait on memory: one pass over all 65,536 buckets at once waited on almost every
// swap (30 ms of a 440,000-item load); two passes of 256 take a quarter of that.
template <typename Entry, typename Digit>
void partition_by_digit(Entry* entries, const std::uint32_t* bounds, std::size_t stride,
                        Digit digit) {
  std::array<std::uint32_t, 256> next;
  for (std::size_t d = 0; d < next.size(); ++d) next[d] = bounds[d * stride];
  for (std::size_t d = 0; d < next.size(); ++d) {
    const std::uint32_t end = bounds[(d + 1) * stride];
    while (next[d] < end) {
      Entry& entry = entries[next[d]];
      const std::size_t home = digit(entry.key());
      if (home == d) {
        ++next[d];
      } else {
        std::swap(entry, entries[next[home]++]);
      }
    }
  }
}

}  // namespace

void VersionIndex::seal() {
  static_assert(kDirectoryBits == 16, "seal() partitions by two 8-bit digits");
  // directory_[b] = entries in buckets before b.
  directory_.assign((std::size_t{1} << kDirectoryBits) + 1, 0);
  for (const Entry& entry : entries_) ++directory_[bucket(entry.key()) + 1];
  for (std::size_t b = 1; b < directory_.size(); ++b) directory_[b] += directory_[b - 1];
  // By bucket, in place and without a second copy of the entries: the top 8 bits of
  // the key, then within each of those runs the next 8; then each bucket, a handful
  // of entries, on its own.
  partition_by_digit(entries_.data(), directory_.data(), 256,
                     [](std::uint64_t key) { return key >> 56; });
  for (std::size_t high = 0; high < 256; ++high) {
    partition_by_digit(entries_.data(), directory_.data() + high * 256, 1,
                       [](std::uint64_t key) { return key >> 48 & 0xff; });
  }
  const auto by_key = [](const Entry& a, const Entry& b) { return a.key() < b.key(); };
  for (std::size_t b = 0; b + 1 < directory_.size(); ++b) {
    std::sort(entries_.begin() + directory_[b], entries_.begin() + directory_[b + 1], by_key);
  }
  entries_.shrink_to_fit();
}

std::span<VersionIndex::Entry> VersionIndex::find(std::uint64_t key) noexcept {
  if (entries_.empty()) return {};
  const std::size_t b = bucket(key);
  const auto first = entries_.begin() + directory_[b];
  const auto last = entries_.begin() + directory_[b + 1];
  const auto from = std::lower_bound(
      first, last, key, [](const Entry& entry, std::uint64_t k) { return entry.key() < k; });
  auto to = from;
  while (to != last && to->key() == key) ++to;
  return {from, to};
}

void VersionIndex::prefetch_bucket(std::uint64_t key) const noexcept {
  if (entries_.empty()) return;
  __builtin_prefetch(directory_.data() + bucket(key));
}

void VersionIndex::prefetch(std::uint64_t key) const noexcept {
  if (entries_.empty()) return;
  // A bucket's entries: a few dozen bytes, two cache lines at most.
  const char* first = reinterpret_cast<const char*>(entries_.data() + directory_[bucket(key)]);
  __builtin_prefetch(first);
  __builtin_prefetch(first + 64);
}

}  // namespace connector::store::detail
