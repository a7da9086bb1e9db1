// Reading a streamed array ahead on a thread of its own: the elements arrive complete
// and in order, memory stays bounded behind a slow consumer, a failing read hands over
// what came before it, and a consumer that stops (throws, or is cancelled) ends a
// reader stalled on the network at once.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "client/array_read_ahead.hpp"
#include "client/transport_error.hpp"
#include "fake_call.hpp"

using namespace std::chrono_literals;
using ninjaone::client::BodySource;
using ninjaone::client::JsonArrayStream;
using ninjaone::client::MalformedJson;
using ninjaone::client::read_array_ahead;
using ninjaone::client::ReadAheadLimits;
using ninjaone::client::TransportError;
using ninjaone::client::testing::FakeCall;
namespace json = boost::json;

namespace {

// A body served from memory in reads of random sizes, as a socket serves it. It can
// fail once `fail_at` bytes were served, or stall there (as a silent server does)
// until aborted.
class FakeBody {
 public:
  enum class AtLimit { fail, stall };

  FakeBody(std::string text, unsigned seed, std::size_t limit = std::string::npos,
           AtLimit at_limit = AtLimit::fail)
      : text_(std::move(text)), random_(seed), limit_(limit), at_limit_(at_limit) {}

  BodySource source() {
    return BodySource{[this](char* out, std::size_t size) { return read(out, size); },
                      [this] { abort(); }};
  }

  std::size_t served() const { return served_.load(); }
  bool aborted() const {
    std::lock_guard lock(mutex_);
    return aborted_;
  }

 private:
  std::size_t read(char* out, std::size_t size) {
    const std::size_t end = std::min(text_.size(), limit_);
    if (served_ == end && end < text_.size()) {
      if (at_limit_ == AtLimit::stall) {
        std::unique_lock lock(mutex_);
        aborted_changed_.wait(lock, [&] { return aborted_; });
      }
      throw TransportError(TransportError::Stage::read, "connection reset", true);
    }
    std::uniform_int_distribution<std::size_t> length(1, size);
    const std::size_t n = std::min(length(random_), end - served_);
    text_.copy(out, n, served_);
    served_ += n;
    return n;
  }

  void abort() {
    {
      std::lock_guard lock(mutex_);
      aborted_ = true;
    }
    aborted_changed_.notify_all();
  }

  const std::string text_;
  std::mt19937 random_;
  const std::size_t limit_;
  const AtLimit at_limit_;
  std::atomic<std::size_t> served_{0};
  mutable std::mutex mutex_;
  std::condition_variable aborted_changed_;
  bool aborted_ = false;
};

// `count` objects of exactly `width` bytes each once serialized: {"id":N,"pad":"xx..."}.
std::string uniform_document(std::size_t count, std::size_t width) {
  std::string text = "[";
  for (std::size_t i = 0; i < count; ++i) {
    std::string element = R"({"id":)" + std::to_string(i) + R"(,"pad":")";
    element += std::string(width - element.size() - 2, 'x') + "\"}";
    text += (i == 0 ? "" : ",") + element;
  }
  return text + "]";
}

// Every kind of JSON value, nesting, escapes, non-ASCII text, and long strings that
// span many reads, as elements or inside them.
std::string varied_document(int count) {
  json::array array;
  for (int i = 0; i < count; ++i) {
    array.push_back(json::object{{"id", i},
                                 {"name", "Zoë \"quoted\" \\ 山田 " + std::to_string(i)},
                                 {"email", i % 3 == 0 ? json::value(nullptr) : json::value("a@b")},
                                 {"enabled", i % 2 == 0},
                                 {"score", 0.5 + i},
                                 {"members", json::array{1, json::array{2, 3}, json::object{}}}});
    array.push_back(json::string(std::string(static_cast<std::size_t>(i % 7) * 3000, 'x')));
    array.push_back(i);
  }
  return json::serialize(array);
}

std::vector<json::value> elements_of(const std::string& text) {
  const json::array array = json::parse(text).as_array();
  return {array.begin(), array.end()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(array_read_ahead)

BOOST_AUTO_TEST_CASE(the_elements_arrive_complete_and_in_order_whatever_the_reads) {
  const std::string text = varied_document(120);
  const auto expected = elements_of(text);
  FakeCall call;
  for (const std::size_t read_size :
       {std::size_t{1}, std::size_t{7}, std::size_t{1000}, std::size_t{64 * 1024}}) {
    std::vector<json::value> items;
    JsonArrayStream stream([&](json::value&& v) { items.push_back(std::move(v)); });
    FakeBody body(text, static_cast<unsigned>(read_size));
    std::size_t bytes = 0;
    read_array_ahead(
        call.call(), body.source(), stream, [&](std::size_t n) { bytes += n; },
        ReadAheadLimits{3, read_size});
    BOOST_TEST_INFO("reads of up to " << read_size << " bytes");
    BOOST_TEST(bytes == text.size());
    BOOST_REQUIRE_EQUAL(items.size(), expected.size());
    for (std::size_t i = 0; i < items.size(); ++i) BOOST_REQUIRE(items[i] == expected[i]);
    BOOST_TEST(stream.seen() == expected.size());
    BOOST_TEST(!body.aborted());
  }
}

BOOST_AUTO_TEST_CASE(a_slow_consumer_keeps_the_reader_a_few_batches_ahead) {
  constexpr std::size_t kWidth = 200, kCount = 2000, kReadSize = 1000, kBatches = 3;
  const std::string text = uniform_document(kCount, kWidth);
  FakeBody body(text, 42);
  FakeCall call;
  // Each batch holds the elements complete when a read ended, or once the element in
  // progress then is complete: at most kReadSize + kWidth bytes of body. The reader
  // holds one batch and one read besides the batches waiting or being delivered.
  constexpr std::size_t kBound = (kBatches + 1) * (kReadSize + kWidth) + kReadSize;
  std::size_t delivered = 0, most_ahead = 0;
  JsonArrayStream stream([&](json::value&&) {
    const std::size_t consumed = 1 + ++delivered * (kWidth + 1);
    most_ahead = std::max(most_ahead, body.served() - std::min(body.served(), consumed));
    std::this_thread::sleep_for(50us);
  });
  std::size_t most_queued = 0;
  read_array_ahead(
      call.call(), body.source(), stream, [](std::size_t) {}, ReadAheadLimits{kBatches, kReadSize},
      &most_queued);
  BOOST_TEST(delivered == kCount);
  BOOST_TEST(most_ahead <= kBound);
  BOOST_TEST(most_ahead > kReadSize);  // it did read ahead
  BOOST_TEST(most_queued <= kBatches);
}

BOOST_AUTO_TEST_CASE(a_read_failing_halfway_hands_over_what_came_before_and_the_retry_the_rest) {
  const std::string text = varied_document(60);
  const auto expected = elements_of(text);
  FakeCall call;
  std::vector<json::value> items;
  JsonArrayStream stream([&](json::value&& v) { items.push_back(std::move(v)); });

  FakeBody broken(text, 7, text.size() / 2);
  stream.restart();
  BOOST_CHECK_THROW(
      read_array_ahead(
          call.call(), broken.source(), stream, [](std::size_t) {}, ReadAheadLimits{2, 4096}),
      TransportError);
  const std::size_t first = items.size();
  BOOST_TEST(first > 0u);
  BOOST_TEST(first < expected.size());
  BOOST_TEST(stream.delivered() == first);

  FakeBody whole(text, 8);
  stream.restart();  // as the retried request does
  read_array_ahead(
      call.call(), whole.source(), stream, [](std::size_t) {}, ReadAheadLimits{2, 4096});
  BOOST_REQUIRE_EQUAL(items.size(), expected.size());
  for (std::size_t i = 0; i < items.size(); ++i) BOOST_REQUIRE(items[i] == expected[i]);
}

BOOST_AUTO_TEST_CASE(a_malformed_body_fails_after_handing_over_the_elements_before_it) {
  FakeCall call;
  std::vector<json::value> items;
  JsonArrayStream stream([&](json::value&& v) { items.push_back(std::move(v)); });
  FakeBody body("[1,2,3,}", 1);
  BOOST_CHECK_THROW(
      read_array_ahead(
          call.call(), body.source(), stream, [](std::size_t) {}, ReadAheadLimits{2, 1}),
      MalformedJson);
  BOOST_TEST(items.size() == 3u);  // one-byte reads: each element was handed over
}

BOOST_AUTO_TEST_CASE(a_consumer_that_throws_ends_a_reader_stalled_on_the_network) {
  const std::string text = uniform_document(100, 100);
  FakeBody body(text, 3, text.size() / 2, FakeBody::AtLimit::stall);
  FakeCall call;
  struct Stop {};
  std::size_t delivered = 0;
  JsonArrayStream stream([&](json::value&&) {
    // Stop once the reader is stalled, with batches still waiting.
    if (++delivered == 1) std::this_thread::sleep_for(50ms);
    if (delivered == 2) throw Stop{};
  });
  const auto start = std::chrono::steady_clock::now();
  BOOST_CHECK_THROW(read_array_ahead(
                        call.call(), body.source(), stream, [](std::size_t) {},
                        ReadAheadLimits{64, 512}),  // room to reach the stall
                    Stop);
  BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));
  BOOST_TEST(body.aborted());
  BOOST_TEST(delivered == 2u);
}

BOOST_AUTO_TEST_CASE(cancelling_the_call_ends_a_reader_stalled_on_the_network) {
  const std::string text = uniform_document(100, 100);
  FakeBody body(text, 4, text.size() / 2, FakeBody::AtLimit::stall);
  FakeCall call;
  std::size_t delivered = 0;
  JsonArrayStream stream([&](json::value&&) { ++delivered; });
  std::thread canceller([&] {
    std::this_thread::sleep_for(100ms);
    call.cancel();
  });
  const auto start = std::chrono::steady_clock::now();
  try {
    read_array_ahead(
        call.call(), body.source(), stream, [](std::size_t) {}, ReadAheadLimits{64, 512});
    BOOST_FAIL("the read did not stop");
  } catch (const connector::sdk::Error& e) {
    BOOST_TEST(e.status() == CONN_CANCELLED);
  }
  canceller.join();
  BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));
  BOOST_TEST(body.aborted());
  BOOST_TEST(delivered > 0u);  // what arrived before the stall was handed over
}

BOOST_AUTO_TEST_SUITE_END()
