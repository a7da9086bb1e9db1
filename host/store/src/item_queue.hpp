// Hands a sync's items from the thread that receives them from the plugin to the
// writer's own thread (internal), in batches, so that comparing and writing one page
// overlaps parsing the next: on two cores, a sync costs the larger of the two, not
// their sum. Bounded, so a slow store holds the plugin back instead of filling memory.
#pragma once

#include <boost/json/object.hpp>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "item_kind.hpp"

namespace connector::store::detail {

struct QueuedItem {
  ItemKind kind;
  boost::json::object item;
  std::string text;  // the item's text when it came as text (stored verbatim); else empty
};

// One hand-over: items, or a flush (end the write batch), or the end of the run.
struct ItemBatch {
  enum class Then { nothing, flush, finish };
  std::vector<QueuedItem> items;
  Then then = Then::nothing;
};

class ItemQueue {
 public:
  static constexpr std::size_t kMaxBatches = 8;

  // [producer] Waits while the queue is full. False when the consumer stopped.
  bool push(ItemBatch batch) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return batches_.size() < kMaxBatches || stopped_; });
    if (stopped_) return false;
    batches_.push_back(std::move(batch));
    ready_.notify_one();
    return true;
  }

  // [consumer] Waits for a batch; false once stopped and nothing is left.
  bool pop(ItemBatch& batch) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !batches_.empty() || stopped_; });
    if (batches_.empty()) return false;
    batch = std::move(batches_.front());
    batches_.pop_front();
    space_.notify_one();
    return true;
  }

  // [any] No more pushes are taken; what is queued is dropped.
  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    batches_.clear();
    ready_.notify_all();
    space_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<ItemBatch> batches_;
  bool stopped_ = false;
};

}  // namespace connector::store::detail
