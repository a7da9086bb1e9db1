// Hands a sync's items from the thread that receives them from the plugin to the
// writer's own thread (internal), in batches, so that comparing and writing one page
// overlaps receiving the next: on two cores, a sync costs the larger of the two, not
// their sum. Bounded, so a slow store holds the plugin back instead of filling memory.
//
// A batch is flat: the items' texts and the fields the store keeps are appended to
// one buffer, and each item is a few offsets into it. Batches go back to the
// producer once written (recycle/take_spare), so their buffers are reused and an
// item costs no allocation once the first batches are warm.
//
// The bound is a few batches, except while the writer loads what it compares with
// (the current versions, 60-80 ms for 440,000 items): the plugin's first items are
// then queued deeper, so that the plugin, the server and the host go on receiving
// instead of waiting for the load, and the queue is narrowed again once it is done.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "item_kind.hpp"

namespace connector::store::detail {

// Where a string lies in ItemBatch::bytes.
struct Slice {
  std::uint32_t offset = 0;
  std::uint32_t size = 0;
};

struct QueuedItem {
  ItemKind kind = ItemKind::resource;
  bool is_user = false;
  std::uint64_t key = 0;   // key_hash(kind, id): what the writer prefetches ahead
  std::uint64_t hash = 0;  // content_hash(text), taken off the writer's thread
  Slice text;              // the item's JSON, as it came
  Slice id;                // decoded, like the fields below
  Slice type;              // resource
  Slice resource;          // entitlement
  Slice entitlement;       // grant
  Slice principal;         // grant
};

// One hand-over: items, or a flush (end the write batch), or the end of the run.
struct ItemBatch {
  enum class Then { nothing, flush, finish };
  std::string bytes;
  std::vector<QueuedItem> items;
  Then then = Then::nothing;

  Slice append(std::string_view text) {
    const Slice slice{static_cast<std::uint32_t>(bytes.size()),
                      static_cast<std::uint32_t>(text.size())};
    bytes.append(text);
    return slice;
  }
  std::string_view view(Slice slice) const {
    return std::string_view(bytes).substr(slice.offset, slice.size);
  }
  void clear() {
    bytes.clear();
    items.clear();
    then = Then::nothing;
  }
};

class ItemQueue {
 public:
  // Batches queued at most: a batch is handed over at 512 items or 256 KiB, so this
  // holds 2 MiB of items, and while the writer loads (widen()) 8 MiB.
  static constexpr std::size_t kMaxBatches = 8;
  static constexpr std::size_t kMaxBatchesWhileLoading = 32;

  // [before the consumer starts] The queue takes kMaxBatchesWhileLoading batches until
  // narrow().
  void widen() {
    std::lock_guard lock(mutex_);
    limit_ = kMaxBatchesWhileLoading;
  }

  // [consumer] Back to kMaxBatches (what is queued beyond it is kept: the producer
  // waits until the queue is below the bound again).
  void narrow() {
    std::lock_guard lock(mutex_);
    limit_ = kMaxBatches;
  }

  // [producer] Waits while the queue is full. False when the consumer stopped.
  bool push(ItemBatch&& batch) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return batches_.size() < limit_ || stopped_; });
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

  // [consumer] Gives a written batch back, for the producer to fill again.
  void recycle(ItemBatch&& batch) {
    batch.clear();
    std::lock_guard lock(mutex_);
    if (spares_.size() < kMaxBatches) spares_.push_back(std::move(batch));
  }

  // [producer] A recycled batch (its buffers keep their capacity), or a new one.
  ItemBatch take_spare() {
    std::lock_guard lock(mutex_);
    if (spares_.empty()) return {};
    ItemBatch batch = std::move(spares_.back());
    spares_.pop_back();
    return batch;
  }

  // [any] Batches waiting for the consumer.
  std::size_t queued() const {
    std::lock_guard lock(mutex_);
    return batches_.size();
  }

  // [any] No more pushes are taken; what is queued is dropped.
  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    batches_.clear();
    spares_.clear();
    ready_.notify_all();
    space_.notify_all();
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<ItemBatch> batches_;
  std::vector<ItemBatch> spares_;
  std::size_t limit_ = kMaxBatches;
  bool stopped_ = false;
};

}  // namespace connector::store::detail
