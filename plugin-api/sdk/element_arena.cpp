#include "element_arena.hpp"

#include <algorithm>

namespace connector::sdk {

void* ElementArena::allocate_from_next_block(std::size_t bytes, std::size_t alignment) {
  // A kept block too small for this allocation is skipped until the next recycle().
  while (next_block_ < blocks_.size()) {
    const Block& block = blocks_[next_block_++];
    cursor_ = block.memory.get();
    end_ = cursor_ + block.size;
    if (void* p = bump(bytes, alignment)) return p;
  }
  // Doubling block sizes keep the number of blocks, and of heap calls, logarithmic.
  const std::size_t last = blocks_.empty() ? kInlineBytes : blocks_.back().size;
  const std::size_t size = std::max(2 * last, bytes + alignment);
  blocks_.push_back(Block{std::make_unique_for_overwrite<std::byte[]>(size), size});
  next_block_ = blocks_.size();
  cursor_ = blocks_.back().memory.get();
  end_ = cursor_ + size;
  return bump(bytes, alignment);
}

void ElementArena::recycle() noexcept {
  std::size_t kept = kInlineBytes;
  std::size_t count = 0;
  while (count < blocks_.size() && kept + blocks_[count].size <= kKeptBytes) {
    kept += blocks_[count++].size;
  }
  blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(count), blocks_.end());
  next_block_ = 0;
  cursor_ = inline_;
  end_ = inline_ + kInlineBytes;
}

}  // namespace connector::sdk
