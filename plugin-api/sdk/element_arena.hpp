// The memory one streamed array element is built in: bump allocation over an inline
// buffer and over blocks that are kept from one element to the next, so that parsing a
// long array costs no heap call per string or object, and the memory reused for each
// element stays in the cache.
//
// It counts the allocations not yet deallocated (its deallocation is not declared
// trivial, so Boost.JSON values give back each allocation), which tells exactly when
// nothing built in it is alive any more and the memory may be reused.
//
// Not thread-safe: built in and destroyed on the thread that parses.
#pragma once

#include <boost/json/memory_resource.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace connector::sdk {

class ElementArena final : public boost::json::memory_resource {
 public:
  // boost::json::make_shared_resource wraps the arena in a reference-counted holder
  // whose address (storage_ptr::get) is not the arena's: the arena tells its own here.
  explicit ElementArena(ElementArena*& self) noexcept { self = this; }
  ElementArena(const ElementArena&) = delete;
  ElementArena& operator=(const ElementArena&) = delete;

  // No allocation is alive: recycle() may run.
  bool unused() const noexcept { return live_ == 0; }

  // Makes the inline buffer and the blocks available again from their start. Keeps
  // blocks up to kKeptBytes in all and frees the rest, so that one huge element does
  // not pin its memory for the rest of the listing.
  void recycle() noexcept;

 private:
  struct Block {
    std::unique_ptr<std::byte[]> memory;
    std::size_t size;
  };

  // The common case inline, since every string, array and object of an element
  // comes through here.
  void* do_allocate(std::size_t bytes, std::size_t alignment) override {
    void* p = bump(bytes, alignment);
    if (p == nullptr) p = allocate_from_next_block(bytes, alignment);
    ++live_;
    return p;
  }
  void do_deallocate(void*, std::size_t, std::size_t) override { --live_; }
  bool do_is_equal(const boost::json::memory_resource& other) const noexcept override {
    return this == &other;
  }
  // `bytes` from the current block, or null when they do not fit in it.
  void* bump(std::size_t bytes, std::size_t alignment) noexcept {
    const auto at = reinterpret_cast<std::uintptr_t>(cursor_);
    const std::uintptr_t aligned = (at + alignment - 1) & ~(std::uintptr_t(alignment) - 1);
    if (aligned + bytes > reinterpret_cast<std::uintptr_t>(end_)) return nullptr;
    cursor_ = reinterpret_cast<std::byte*>(aligned + bytes);
    return reinterpret_cast<void*>(aligned);
  }
  // Moves to the next kept block that holds `bytes`, or adds one; returns the memory.
  void* allocate_from_next_block(std::size_t bytes, std::size_t alignment);

  // Room for a user or an organization; a role with many members takes blocks.
  static constexpr std::size_t kInlineBytes = 32 * 1024;
  static constexpr std::size_t kKeptBytes = 1024 * 1024;

  alignas(std::max_align_t) std::byte inline_[kInlineBytes];
  std::vector<Block> blocks_;   // after the inline block, in the order they are filled
  std::size_t next_block_ = 0;  // index in blocks_ of the block after the current one
  std::byte* cursor_ = inline_;
  std::byte* end_ = inline_ + kInlineBytes;
  std::size_t live_ = 0;
};

}  // namespace connector::sdk
