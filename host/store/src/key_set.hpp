// A set of 64-bit hashes (internal): open addressing with linear probing, 8 bytes a
// slot, at most 7/8 full. The keys are XXH3 outputs, so their low bits index the
// table directly. Holds the items a sync added, to tell a repeated id.
#pragma once

#include <cstdint>
#include <vector>

namespace connector::store::detail {

class KeySet {
 public:
  // Adds `key`; false when it was there already.
  bool insert(std::uint64_t key) {
    if (key == kEmpty) key = kEmptyStandIn;
    if ((size_ + 1) * 8 > slots_.size() * 7) grow();
    if (place(slots_, key)) {
      ++size_;
      return true;
    }
    return false;
  }

  // Loads the slot `key` starts at: an insert a few items later finds it in cache.
  void prefetch(std::uint64_t key) const noexcept {
    if (!slots_.empty()) __builtin_prefetch(slots_.data() + (key & (slots_.size() - 1)));
  }

  std::size_t size() const noexcept { return size_; }

 private:
  static constexpr std::uint64_t kEmpty = 0;
  static constexpr std::uint64_t kEmptyStandIn = 1;  // 0 marks an empty slot

  static bool place(std::vector<std::uint64_t>& slots, std::uint64_t key) {
    const std::size_t mask = slots.size() - 1;
    for (std::size_t i = key & mask;; i = (i + 1) & mask) {
      if (slots[i] == key) return false;
      if (slots[i] == kEmpty) {
        slots[i] = key;
        return true;
      }
    }
  }

  void grow() {
    std::vector<std::uint64_t> bigger(slots_.empty() ? 1024 : slots_.size() * 2, kEmpty);
    for (const std::uint64_t key : slots_) {
      if (key != kEmpty) place(bigger, key);
    }
    slots_.swap(bigger);
  }

  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
};

}  // namespace connector::store::detail
