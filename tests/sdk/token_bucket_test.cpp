// The client-side rate limit.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <thread>
#include <vector>

#include <connector/sdk/http/token_bucket.hpp>

#include "support/host_calls.hpp"

using namespace std::chrono_literals;
using connector::sdk::http::TokenBucket;
using test_support::RecordingCall;

BOOST_AUTO_TEST_SUITE(token_bucket)

BOOST_AUTO_TEST_CASE(a_full_bucket_allows_ten_seconds_worth_then_refills_at_the_rate) {
  const auto t0 = TokenBucket::Clock::time_point{} + 1h;
  TokenBucket bucket(600, t0);  // 10 a second, burst of 100
  BOOST_TEST(bucket.capacity() == 100.0);
  for (int i = 0; i < 100; ++i)
    BOOST_REQUIRE(bucket.try_take(t0) == TokenBucket::Clock::duration::zero());
  const auto wait = bucket.try_take(t0);
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(wait).count() == 100);
  // 100 ms later exactly one more token is there, and not two.
  BOOST_TEST((bucket.try_take(t0 + 100ms) == TokenBucket::Clock::duration::zero()));
  BOOST_TEST((bucket.try_take(t0 + 100ms) > TokenBucket::Clock::duration::zero()));
}

BOOST_AUTO_TEST_CASE(tokens_do_not_pile_up_beyond_the_capacity) {
  const auto t0 = TokenBucket::Clock::time_point{} + 1h;
  TokenBucket bucket(60, t0);  // 1 a second, burst of 10
  int taken = 0;
  while (bucket.try_take(t0 + 1h) == TokenBucket::Clock::duration::zero()) ++taken;
  BOOST_TEST(taken == 10);
}

BOOST_AUTO_TEST_CASE(zero_means_unlimited) {
  TokenBucket bucket(0);
  BOOST_TEST(bucket.unlimited());
  for (int i = 0; i < 100000; ++i) {
    BOOST_REQUIRE(bucket.try_take(TokenBucket::Clock::now()) ==
                  TokenBucket::Clock::duration::zero());
  }
}

BOOST_AUTO_TEST_CASE(take_blocks_until_a_token_and_is_thread_safe) {
  TokenBucket bucket(600);  // burst 100, then one every 100 ms
  RecordingCall call;
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  std::atomic<int> waited{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 26; ++i) {
        if (bucket.take(call.call())) ++waited;
      }
    });
  }
  for (auto& t : threads) t.join();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  // 104 tokens: 100 at once, 4 more at 100 ms intervals.
  BOOST_TEST((elapsed >= 350ms));
  BOOST_TEST((elapsed < 2000ms));
  BOOST_TEST(waited.load() >= 4);
}

BOOST_AUTO_TEST_CASE(take_stops_when_the_call_is_cancelled) {
  TokenBucket bucket(1);  // one token, the next in a minute
  RecordingCall call;
  BOOST_TEST(!bucket.take(call.call()));
  std::thread canceller([&] {
    std::this_thread::sleep_for(100ms);
    call.cancel = true;
  });
  const auto start = std::chrono::steady_clock::now();
  try {
    bucket.take(call.call());
    BOOST_FAIL("take returned although the call was cancelled");
  } catch (const connector::sdk::Error& e) {
    BOOST_TEST(e.status() == CONN_CANCELLED);
  }
  canceller.join();
  BOOST_TEST((std::chrono::steady_clock::now() - start < 1s));
}

BOOST_AUTO_TEST_CASE(take_gives_up_at_once_when_the_deadline_comes_first) {
  TokenBucket bucket(1);
  RecordingCall call;
  call.set_deadline_in(5s);
  BOOST_TEST(!bucket.take(call.call()));
  const auto start = std::chrono::steady_clock::now();
  try {
    bucket.take(call.call());
    BOOST_FAIL("take returned although the deadline comes first");
  } catch (const connector::sdk::Error& e) {
    BOOST_TEST(e.status() == CONN_DEADLINE_EXCEEDED);
    BOOST_TEST(e.details_json().find("retry_after_ms") != std::string::npos);
  }
  BOOST_TEST((std::chrono::steady_clock::now() - start < 1s));
}

BOOST_AUTO_TEST_SUITE_END()
