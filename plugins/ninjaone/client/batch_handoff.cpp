#include "client/batch_handoff.hpp"

#include <algorithm>

namespace ninjaone::client {

BatchHandoff::BatchHandoff(std::size_t batches) {
  // Two at least: one filling while one is delivered.
  for (std::size_t i = 0; i < std::max<std::size_t>(batches, 2); ++i) {
    batches_.push_back(std::make_unique<ElementBatch>());
    empty_.push_back(batches_.back().get());
  }
}

ElementBatch& BatchHandoff::take_empty() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return abandoned_ || !empty_.empty(); });
  if (abandoned_) throw Abandoned{};
  ElementBatch* batch = empty_.back();
  empty_.pop_back();
  return *batch;
}

void BatchHandoff::hand_over(ElementBatch& batch) {
  {
    std::lock_guard lock(mutex_);
    if (abandoned_) throw Abandoned{};
    full_.push_back(&batch);
    most_queued_ = std::max(most_queued_, full_.size());
  }
  changed_.notify_all();
}

void BatchHandoff::close(std::exception_ptr failure) {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    failure_ = std::move(failure);
  }
  changed_.notify_all();
}

BatchHandoff::Next BatchHandoff::next(std::chrono::milliseconds wait, ElementBatch*& batch) {
  std::unique_lock lock(mutex_);
  if (!changed_.wait_for(lock, wait, [&] { return closed_ || !full_.empty(); })) {
    return Next::timed_out;
  }
  if (full_.empty()) return Next::closed;
  batch = full_.front();
  full_.pop_front();
  return Next::batch;
}

void BatchHandoff::give_back(ElementBatch& batch) {
  {
    std::lock_guard lock(mutex_);
    empty_.push_back(&batch);
  }
  changed_.notify_all();
}

std::exception_ptr BatchHandoff::failure() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

void BatchHandoff::abandon() {
  {
    std::lock_guard lock(mutex_);
    abandoned_ = true;
  }
  changed_.notify_all();
}

std::size_t BatchHandoff::most_queued() const {
  std::lock_guard lock(mutex_);
  return most_queued_;
}

}  // namespace ninjaone::client
