// The current versions of one connector's items, compact and in memory (internal):
// what a sync compares each incoming item with. 24 bytes per item (the hash of its
// kind and id, the hash of its content, its version row, its kind, whether this
// sync saw it), sorted by key with a 64 Ki-bucket directory on the top 16 bits, so
// a lookup reads one directory entry and one bucket: two cache misses, which the
// caller can take ahead of time (prefetch_bucket(), then prefetch()). 440,000 items
// take about 10 MiB.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "item_kind.hpp"

namespace connector::store::detail {

class VersionIndex {
 public:
  // What the running sync made of a current version.
  enum class Seen : std::uint8_t {
    no = 0,         // not (yet) met: at commit, it was removed
    unchanged = 1,  // met with the same content
    replaced = 2,   // met with another content: a new version follows it
  };

  class Entry {
   public:
    Entry(std::uint64_t key, std::uint64_t content, std::int64_t version, ItemKind kind)
        : key_(key),
          content_(content),
          packed_(static_cast<std::uint64_t>(version) << 4 |
                  static_cast<std::uint64_t>(to_int(kind)) << 2) {}

    std::uint64_t key() const noexcept { return key_; }
    std::uint64_t content() const noexcept { return content_; }
    std::int64_t version() const noexcept { return static_cast<std::int64_t>(packed_ >> 4); }
    ItemKind kind() const noexcept { return static_cast<ItemKind>(packed_ >> 2 & 3); }
    Seen seen() const noexcept { return static_cast<Seen>(packed_ & 3); }
    void mark(Seen seen) noexcept {
      packed_ = (packed_ & ~std::uint64_t{3}) | static_cast<std::uint64_t>(seen);
    }

   private:
    std::uint64_t key_;
    std::uint64_t content_;
    std::uint64_t packed_;  // version << 4 | kind << 2 | seen
  };

  void reserve(std::size_t size) { entries_.reserve(size); }
  // Adds a current version while loading; seal() once all are in.
  void add(ItemKind kind, std::uint64_t key, std::uint64_t content, std::int64_t version);
  void seal();

  // The entries filed under `key`: almost always none or one (two ids whose 64-bit
  // hashes collide share a key, so callers check the real id before writing).
  std::span<Entry> find(std::uint64_t key) noexcept;
  // Asks the processor to load what find(key) will read. A sync looks up every item in
  // an index of several MiB in no useful order, so each find is a wait on memory;
  // prefetched a few items ahead, the waits overlap. The two loads depend on each
  // other: prefetch_bucket() loads the directory entry that prefetch() reads to find
  // the bucket, so it goes further ahead (otherwise prefetch() itself waits on it).
  void prefetch_bucket(std::uint64_t key) const noexcept;
  void prefetch(std::uint64_t key) const noexcept;

  std::size_t size() const noexcept { return entries_.size(); }
  // Current versions of each kind (by ItemKind number).
  const std::array<std::int64_t, 4>& counts() const noexcept { return counts_; }

  template <typename Visit>
  void for_each(Visit visit) const {
    for (const Entry& entry : entries_) visit(entry);
  }

 private:
  static constexpr int kDirectoryBits = 16;
  static std::size_t bucket(std::uint64_t key) noexcept { return key >> (64 - kDirectoryBits); }

  std::vector<Entry> entries_;
  // directory_[b] is the first entry of bucket b; directory_[b + 1] ends it.
  std::vector<std::uint32_t> directory_;
  std::array<std::int64_t, 4> counts_{};
};

}  // namespace connector::store::detail
