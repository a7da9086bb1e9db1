#include "version_index.hpp"

#include <algorithm>

namespace connector::store::detail {

void VersionIndex::add(ItemKind kind, std::uint64_t key, std::uint64_t content,
                       std::int64_t version) {
  entries_.emplace_back(key, content, version, kind);
  ++counts_[static_cast<std::size_t>(to_int(kind))];
}

void VersionIndex::seal() {
  // Sorted by bucket in place (an American flag sort: each entry is swapped straight
  // into the next free place of its bucket), then each bucket, a handful of entries,
  // on its own: linear in the entries and no second copy of them, where one sort of
  // them all took three times as long. directory_[b] = entries in buckets before b.
  directory_.assign((std::size_t{1} << kDirectoryBits) + 1, 0);
  for (const Entry& entry : entries_) ++directory_[bucket(entry.key()) + 1];
  for (std::size_t b = 1; b < directory_.size(); ++b) directory_[b] += directory_[b - 1];
  std::vector<std::uint32_t> next(directory_.begin(), directory_.end() - 1);
  for (std::size_t b = 0; b + 1 < directory_.size(); ++b) {
    while (next[b] < directory_[b + 1]) {
      Entry& entry = entries_[next[b]];
      const std::size_t home = bucket(entry.key());
      if (home == b) {
        ++next[b];
      } else {
        std::swap(entry, entries_[next[home]++]);
      }
    }
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
