#include "http/chunk_handoff.hpp"

#include <algorithm>

namespace connector::sdk::http {

ChunkHandoff::ChunkHandoff(std::size_t chunks, std::size_t chunk_size)
    : chunk_size_(std::max<std::size_t>(chunk_size, 1)),
      // Two at least: one filling while one is consumed.
      chunks_(std::max<std::size_t>(chunks, 2)) {
  for (Chunk& chunk : chunks_) {
    chunk.data = std::make_unique_for_overwrite<char[]>(chunk_size_);
    empty_.push_back(&chunk);
  }
}

ChunkHandoff::Chunk& ChunkHandoff::take_empty() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return abandoned_ || !empty_.empty(); });
  if (abandoned_) throw Abandoned{};
  Chunk* chunk = empty_.back();
  empty_.pop_back();
  return *chunk;
}

void ChunkHandoff::hand_over(Chunk& chunk) {
  {
    std::lock_guard lock(mutex_);
    filled_.push_back(&chunk);
    most_queued_ = std::max(most_queued_, filled_.size());
  }
  changed_.notify_all();
}

void ChunkHandoff::close(std::exception_ptr failure) {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    failure_ = std::move(failure);
  }
  changed_.notify_all();
}

ChunkHandoff::Next ChunkHandoff::next(std::chrono::milliseconds wait, Chunk*& chunk) {
  std::unique_lock lock(mutex_);
  if (!changed_.wait_for(lock, wait, [&] { return closed_ || !filled_.empty(); })) {
    return Next::timed_out;
  }
  if (filled_.empty()) return Next::closed;
  chunk = filled_.front();
  filled_.pop_front();
  return Next::chunk;
}

void ChunkHandoff::give_back(Chunk& chunk) {
  {
    std::lock_guard lock(mutex_);
    empty_.push_back(&chunk);
  }
  changed_.notify_all();
}

std::exception_ptr ChunkHandoff::failure() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

void ChunkHandoff::abandon() {
  {
    std::lock_guard lock(mutex_);
    abandoned_ = true;
  }
  changed_.notify_all();
}

std::size_t ChunkHandoff::most_queued() const {
  std::lock_guard lock(mutex_);
  return most_queued_;
}

}  // namespace connector::sdk::http
