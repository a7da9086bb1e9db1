// Reading a body ahead on a thread of its own: the pieces arrive complete and in
// order, the reader stays a bounded number of buffers ahead of a slow consumer, a
// failing read hands over what came before it, and a consumer that stops (throws, or
// is cancelled) ends a reader stalled on the network at once. The consumer here is the
// JSON array stream, as in a listing.
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

#include <connector/sdk/json_array_stream.hpp>

#include "http/body_read_ahead.hpp"
#include "http/transport_error.hpp"
#include "support/host_calls.hpp"

using namespace std::chrono_literals;
using connector::sdk::JsonArrayStream;
using connector::sdk::MalformedJson;
using connector::sdk::http::BodySource;
using connector::sdk::http::read_body_ahead;
using connector::sdk::http::ReadAheadLimits;
using connector::sdk::http::TransportError;
using test_support::RecordingCall;
namespace json = boost::json;

namespace {

// A body served from memory in reads of random sizes, as a socket serves it. It can
// fail once `limit` bytes were served, or stall there (as a silent server does) until
// aborted.
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

// Reads `body` ahead into `stream` and finishes it, as a listing does.
void read_array(const RecordingCall& call, FakeBody& body, JsonArrayStream& stream,
                const ReadAheadLimits& limits, std::size_t* most_queued = nullptr) {
  read_body_ahead(
      call.call(), body.source(), [&](std::string_view piece) { stream.write(piece); }, limits,
      most_queued);
  stream.finish();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(body_read_ahead)

BOOST_AUTO_TEST_CASE(the_pieces_arrive_complete_and_in_order_whatever_the_reads) {
  RecordingCall call;
  // Tiny reads on a small document (each read is one hand-over between the threads),
  // reads of many elements, and reads larger than the document.
  for (const auto& [elements, buffer_size] :
       {std::pair{6, std::size_t{5}}, std::pair{120, std::size_t{1000}},
        std::pair{120, std::size_t{64 * 1024}}}) {
    const std::string text = varied_document(elements);
    const auto expected = elements_of(text);
    std::vector<json::value> items;
    JsonArrayStream stream([&](json::value&& v) { items.push_back(std::move(v)); });
    FakeBody body(text, static_cast<unsigned>(buffer_size));
    read_array(call, body, stream, ReadAheadLimits{3, buffer_size});
    BOOST_TEST_INFO("reads of up to " << buffer_size << " bytes");
    BOOST_REQUIRE_EQUAL(items.size(), expected.size());
    for (std::size_t i = 0; i < items.size(); ++i) BOOST_REQUIRE(items[i] == expected[i]);
    BOOST_TEST(body.served() == text.size());
    BOOST_TEST(!body.aborted());
  }
}

BOOST_AUTO_TEST_CASE(a_slow_consumer_keeps_the_reader_a_bounded_number_of_buffers_ahead) {
  constexpr std::size_t kWidth = 200, kCount = 2000, kBufferSize = 1000, kBuffers = 3;
  const std::string text = uniform_document(kCount, kWidth);
  FakeBody body(text, 42);
  RecordingCall call;
  // The buffers hold what was read and not yet consumed: the piece being parsed (which
  // may end just before the element handed over now) and the ones waiting.
  constexpr std::size_t kBound = kBuffers * kBufferSize + kWidth;
  std::size_t delivered = 0, most_ahead = 0;
  JsonArrayStream stream([&](json::value&&) {
    const std::size_t consumed = 1 + ++delivered * (kWidth + 1);
    most_ahead = std::max(most_ahead, body.served() - std::min(body.served(), consumed));
    std::this_thread::sleep_for(50us);
  });
  std::size_t most_queued = 0;
  read_array(call, body, stream, ReadAheadLimits{kBuffers, kBufferSize}, &most_queued);
  BOOST_TEST(delivered == kCount);
  BOOST_TEST(most_ahead <= kBound);
  BOOST_TEST(most_ahead > kBufferSize);  // it did read ahead
  BOOST_TEST(most_queued <= kBuffers);
}

BOOST_AUTO_TEST_CASE(a_read_failing_halfway_hands_over_what_came_before_and_the_retry_the_rest) {
  const std::string text = varied_document(60);
  const auto expected = elements_of(text);
  RecordingCall call;
  std::vector<json::value> items;
  JsonArrayStream stream([&](json::value&& v) { items.push_back(std::move(v)); });

  FakeBody broken(text, 7, text.size() / 2);
  stream.restart();
  BOOST_CHECK_THROW(read_array(call, broken, stream, ReadAheadLimits{2, 4096}), TransportError);
  const std::size_t first = items.size();
  BOOST_TEST(first > 0u);
  BOOST_TEST(first < expected.size());
  BOOST_TEST(stream.delivered() == first);

  FakeBody whole(text, 8);
  stream.restart();  // as the retried request does
  read_array(call, whole, stream, ReadAheadLimits{2, 4096});
  BOOST_REQUIRE_EQUAL(items.size(), expected.size());
  for (std::size_t i = 0; i < items.size(); ++i) BOOST_REQUIRE(items[i] == expected[i]);
}

BOOST_AUTO_TEST_CASE(a_malformed_body_stops_the_reader_after_the_elements_before_it) {
  const std::string text = R"([1,2,3,})" + std::string(100000, ' ');
  FakeBody body(text, 1, std::string::npos);
  RecordingCall call;
  std::vector<json::value> items;
  JsonArrayStream stream([&](json::value&& v) { items.push_back(std::move(v)); });
  BOOST_CHECK_THROW(read_array(call, body, stream, ReadAheadLimits{2, 16}), MalformedJson);
  BOOST_TEST(items.size() == 3u);
  BOOST_TEST(body.served() < text.size());  // the reader stopped when the parse failed
}

BOOST_AUTO_TEST_CASE(a_consumer_that_throws_ends_a_reader_stalled_on_the_network) {
  const std::string text = uniform_document(100, 100);
  // Room for the reader to reach the stall while the consumer is still busy.
  FakeBody body(text, 3, text.size() / 2, FakeBody::AtLimit::stall);
  RecordingCall call;
  struct Stop {};
  std::size_t delivered = 0;
  JsonArrayStream stream([&](json::value&&) {
    if (++delivered == 1) std::this_thread::sleep_for(50ms);
    if (delivered == 2) throw Stop{};
  });
  const auto start = std::chrono::steady_clock::now();
  BOOST_CHECK_THROW(read_array(call, body, stream, ReadAheadLimits{64, 512}), Stop);
  BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));
  BOOST_TEST(body.aborted());
  BOOST_TEST(body.served() == text.size() / 2);  // it was stalled, not waiting for a buffer
  BOOST_TEST(delivered == 2u);
}

BOOST_AUTO_TEST_CASE(cancelling_the_call_ends_a_reader_stalled_on_the_network) {
  const std::string text = uniform_document(100, 100);
  FakeBody body(text, 4, text.size() / 2, FakeBody::AtLimit::stall);
  RecordingCall call;
  std::size_t delivered = 0;
  JsonArrayStream stream([&](json::value&&) { ++delivered; });
  std::thread canceller([&] {
    std::this_thread::sleep_for(100ms);
    call.cancel = true;
  });
  const auto start = std::chrono::steady_clock::now();
  try {
    read_array(call, body, stream, ReadAheadLimits{64, 512});
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
