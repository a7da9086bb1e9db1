// Complete elements of a streamed JSON array, built in one arena and handed over
// together: from the parser to on_item on one thread, or from the thread reading a
// body to the thread delivering its elements (array_read_ahead.hpp).
//
// A consumer may keep an element, or part of it, past its delivery by moving or
// copying it: the arena is reference-counted by the values built in it, so clear()
// leaves an arena still in use to its holders and takes a fresh one.
//
// Not thread-safe: one thread at a time fills, delivers or clears a batch.
#pragma once

#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <vector>

#include "client/element_arena.hpp"

namespace ninjaone::client {

class ElementBatch {
 public:
  ElementBatch();
  ElementBatch(const ElementBatch&) = delete;
  ElementBatch& operator=(const ElementBatch&) = delete;

  // Where the elements of this batch are built.
  const boost::json::storage_ptr& arena() const noexcept { return arena_; }

  std::vector<boost::json::value>& elements() noexcept { return elements_; }
  bool empty() const noexcept { return elements_.empty(); }

  // Destroys the elements left and readies the batch for new ones: the same arena,
  // recycled, when nothing built in it is alive any more; a fresh one otherwise.
  void clear();

  // Bytes of arena memory the batch holds, for memory bounds.
  std::size_t capacity() const noexcept { return arena_state_->capacity(); }

 private:
  ElementArena* arena_state_ = nullptr;  // the arena behind arena_
  boost::json::storage_ptr arena_;       // shared with the values built in it
  std::vector<boost::json::value> elements_;
};

}  // namespace ninjaone::client
