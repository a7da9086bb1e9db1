// The bounded hand-over of a response body, in pieces, from the thread reading it to
// the thread consuming it. A fixed set of buffers goes round (empty ones to the
// reader, filled ones to the consumer), so memory stays bounded however slow the
// consumer is: the reader waits for a buffer to come back.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

namespace connector::sdk::http {

class ChunkHandoff {
 public:
  struct Chunk {
    std::unique_ptr<char[]> data;
    std::size_t size = 0;  // bytes of body in `data`
    std::string_view text() const noexcept { return {data.get(), size}; }
  };

  // Thrown to the reading thread once the consumer gave up (abandon()).
  struct Abandoned {};

  ChunkHandoff(std::size_t chunks, std::size_t chunk_size);

  std::size_t chunk_size() const noexcept { return chunk_size_; }

  // [reading thread] Waits for an empty chunk. Throws Abandoned.
  Chunk& take_empty();
  // [reading thread] Queues a filled chunk for the consumer.
  void hand_over(Chunk& chunk);
  // [reading thread] No chunk follows: the body ended, or `failure` stopped the reading.
  void close(std::exception_ptr failure = nullptr);

  // What next() found.
  enum class Next { chunk, closed, timed_out };

  // [consuming thread] Waits up to `wait` for the next filled chunk, in the order they
  // were handed over; `closed` once all were taken and the reader closed.
  Next next(std::chrono::milliseconds wait, Chunk*& chunk);
  // [consuming thread] Returns a consumed chunk to the reader.
  void give_back(Chunk& chunk);
  // [consuming thread] What stopped the reader, once next() said `closed`.
  std::exception_ptr failure() const;
  // [any thread] The consumer gives up: the reader's next take_empty throws
  // Abandoned, and a wait in it ends.
  void abandon();

  // Largest number of filled chunks that waited at once, for tests of the bound.
  std::size_t most_queued() const;

 private:
  const std::size_t chunk_size_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Chunk> chunks_;  // owns the buffers; never resized after construction
  std::vector<Chunk*> empty_;
  std::deque<Chunk*> filled_;
  std::size_t most_queued_ = 0;
  bool closed_ = false;
  bool abandoned_ = false;
  std::exception_ptr failure_;
};

}  // namespace connector::sdk::http
