#include "version_index.hpp"

#include <algorithm>

namespace connector::store::detail {

void VersionIndex::add(ItemKind kind, std::uint64_t key, std::uint64_t content,
                       std::int64_t version) {
  entries_.emplace_back(key, content, version, kind);
  ++counts_[static_cast<std::size_t>(to_int(kind))];
}

void VersionIndex::seal() {
  std::sort(entries_.begin(), entries_.end(),
            [](const Entry& a, const Entry& b) { return a.key() < b.key(); });
  entries_.shrink_to_fit();
  directory_.assign((std::size_t{1} << kDirectoryBits) + 1, 0);
  // Counting, then a prefix sum: directory_[b] = entries in buckets before b.
  for (const Entry& entry : entries_) ++directory_[bucket(entry.key()) + 1];
  for (std::size_t b = 1; b < directory_.size(); ++b) directory_[b] += directory_[b - 1];
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

void VersionIndex::prefetch(std::uint64_t key) const noexcept {
  if (entries_.empty()) return;
  // The directory (256 KiB) mostly stays in cache; a bucket's entries (a few dozen
  // bytes) are where a lookup misses.
  const char* first = reinterpret_cast<const char*>(entries_.data() + directory_[bucket(key)]);
  __builtin_prefetch(first);
  __builtin_prefetch(first + 64);
}

}  // namespace connector::store::detail
