// The bounded hand-over of parsed batches from the thread reading a body to the
// thread delivering their elements. A fixed number of batches goes round (empty ones
// to the reader, full ones to the deliverer), so memory stays bounded however slow
// the delivering side is: the reader waits for a batch to come back.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <vector>

#include "client/element_batch.hpp"
#include "client/json_array_parser.hpp"

namespace ninjaone::client {

class BatchHandoff final : public BatchExchange {
 public:
  // Thrown to the reading thread once the delivering side gave up (abandon()).
  struct Abandoned {};

  explicit BatchHandoff(std::size_t batches);

  // [reading thread] Waits for an empty batch. Throws Abandoned.
  ElementBatch& take_empty() override;
  // [reading thread] Queues a batch of complete elements. Throws Abandoned.
  void hand_over(ElementBatch& batch) override;
  // [reading thread] No batch follows: the body ended, or `failure` stopped the reading.
  void close(std::exception_ptr failure = nullptr);

  // What next() found.
  enum class Next { batch, closed, timed_out };

  // [delivering thread] Waits up to `wait` for the next full batch, in the order they
  // were handed over; `closed` once all were taken and the reader closed.
  Next next(std::chrono::milliseconds wait, ElementBatch*& batch);
  // [delivering thread] Returns a delivered (and cleared) batch to the reader.
  void give_back(ElementBatch& batch);
  // [delivering thread] What stopped the reader, once next() said `closed`.
  std::exception_ptr failure() const;
  // [any thread] The delivering side gives up: the reader's next take_empty or
  // hand_over throws Abandoned, and a wait in them ends.
  void abandon();

  // Largest number of full batches that waited at once, for tests of the bound.
  std::size_t most_queued() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::unique_ptr<ElementBatch>> batches_;  // owns them all
  std::vector<ElementBatch*> empty_;
  std::deque<ElementBatch*> full_;
  std::size_t most_queued_ = 0;
  bool closed_ = false;
  bool abandoned_ = false;
  std::exception_ptr failure_;
};

}  // namespace ninjaone::client
