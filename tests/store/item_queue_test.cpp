// The hand-over between a sync's receiving thread and its writer (host/store/src/
// item_queue.hpp): bounded, deeper only while the writer loads its baseline, and
// every batch comes out once, in order.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <thread>

#include "item_queue.hpp"

using connector::store::detail::ItemBatch;
using connector::store::detail::ItemQueue;

namespace {

ItemBatch batch_holding(std::string_view text) {
  ItemBatch batch;
  batch.append(text);
  return batch;
}

// Pushes batches "0", "1", ... from its own thread until the queue is stopped.
class Producer {
 public:
  explicit Producer(ItemQueue& queue) : queue_(queue) {
    thread_ = std::thread([this] {
      for (std::size_t n = 0;; ++n) {
        if (!queue_.push(batch_holding(std::to_string(n)))) return;
      }
    });
  }
  ~Producer() {
    queue_.stop();
    thread_.join();
  }

 private:
  ItemQueue& queue_;
  std::thread thread_;
};

// How many batches the queue holds once the producer waits: it is polled until it
// holds `expected` (10 s at most), then looked at again a little later, so that a
// queue that never stops taking is caught too.
std::size_t held_once_full(const ItemQueue& queue, std::size_t expected) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (queue.queued() < expected && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  return queue.queued();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(item_queue)

BOOST_AUTO_TEST_CASE(holds_a_few_batches_then_holds_the_producer_back) {
  ItemQueue queue;
  Producer producer(queue);
  BOOST_TEST(held_once_full(queue, ItemQueue::kMaxBatches) == ItemQueue::kMaxBatches);
}

BOOST_AUTO_TEST_CASE(holds_more_while_the_writer_loads_and_the_usual_bound_after) {
  ItemQueue queue;
  queue.widen();
  Producer producer(queue);
  constexpr std::size_t wide = ItemQueue::kMaxBatchesWhileLoading;
  BOOST_TEST(held_once_full(queue, wide) == wide);

  // Narrowed, what was queued beyond the usual bound is kept and comes out in order;
  // the producer waits until the queue is below that bound again.
  queue.narrow();
  ItemBatch batch;
  for (std::size_t n = 0; n + ItemQueue::kMaxBatches < wide; ++n) {
    BOOST_REQUIRE(queue.pop(batch));
    BOOST_TEST(batch.bytes == std::to_string(n));
  }
  BOOST_TEST(held_once_full(queue, ItemQueue::kMaxBatches) == ItemQueue::kMaxBatches);
  BOOST_REQUIRE(queue.pop(batch));
  BOOST_TEST(batch.bytes == std::to_string(wide - ItemQueue::kMaxBatches));
  BOOST_TEST(held_once_full(queue, ItemQueue::kMaxBatches) == ItemQueue::kMaxBatches);
  BOOST_REQUIRE(queue.pop(batch));
  BOOST_TEST(batch.bytes == std::to_string(wide - ItemQueue::kMaxBatches + 1));
}

BOOST_AUTO_TEST_CASE(a_stopped_queue_refuses_pushes_and_ends_pops) {
  ItemQueue queue;
  BOOST_TEST(queue.push(batch_holding("a")));
  queue.stop();
  BOOST_TEST(!queue.push(batch_holding("b")));
  ItemBatch batch;
  BOOST_TEST(!queue.pop(batch));  // what was queued is dropped
}

BOOST_AUTO_TEST_SUITE_END()
