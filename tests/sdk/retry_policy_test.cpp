// Backoff with full jitter and Retry-After parsing.
#include <boost/test/unit_test.hpp>

#include <chrono>

#include <connector/sdk/http/retry_policy.hpp>

using namespace std::chrono_literals;
using connector::sdk::http::Backoff;
using connector::sdk::http::parse_retry_after;

BOOST_AUTO_TEST_SUITE(backoff)

BOOST_AUTO_TEST_CASE(ceiling_doubles_up_to_the_maximum) {
  const Backoff b(200ms, 30000ms, 1);
  BOOST_TEST(b.ceiling(0).count() == 200);
  BOOST_TEST(b.ceiling(1).count() == 400);
  BOOST_TEST(b.ceiling(4).count() == 3200);
  BOOST_TEST(b.ceiling(7).count() == 25600);
  BOOST_TEST(b.ceiling(8).count() == 30000);
  BOOST_TEST(b.ceiling(1000).count() == 30000);  // no overflow on huge retry numbers
}

BOOST_AUTO_TEST_CASE(delays_are_spread_over_the_whole_range) {
  Backoff b(100ms, 1000ms, 42);
  for (int retry = 0; retry < 6; ++retry) {
    const auto bound = b.ceiling(retry);
    std::chrono::milliseconds lowest = bound, highest{0};
    for (int i = 0; i < 2000; ++i) {
      const auto d = b.delay(retry);
      BOOST_REQUIRE(d >= 0ms);
      BOOST_REQUIRE(d <= bound);
      lowest = std::min(lowest, d);
      highest = std::max(highest, d);
    }
    // Full jitter: waits start near zero and reach near the ceiling.
    BOOST_TEST(lowest.count() <= bound.count() / 10);
    BOOST_TEST(highest.count() >= bound.count() * 9 / 10);
  }
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_delays) {
  Backoff a(200ms, 30000ms, 7), b(200ms, 30000ms, 7);
  for (int i = 0; i < 20; ++i) BOOST_TEST(a.delay(i % 8).count() == b.delay(i % 8).count());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(retry_after)

// Wed, 21 Oct 2015 07:28:00 GMT
const auto kNow = std::chrono::system_clock::from_time_t(1445412480);

BOOST_AUTO_TEST_CASE(seconds) {
  BOOST_TEST(parse_retry_after("120", kNow).value().count() == 120000);
  BOOST_TEST(parse_retry_after(" 0 ", kNow).value().count() == 0);
  BOOST_TEST(parse_retry_after("99999999999", kNow).value().count() == 86400000);  // clamped
}

BOOST_AUTO_TEST_CASE(http_dates_in_all_three_forms) {
  BOOST_TEST(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", kNow).value().count() == 30000);
  BOOST_TEST(parse_retry_after("Wednesday, 21-Oct-15 07:29:00 GMT", kNow).value().count() == 60000);
  BOOST_TEST(parse_retry_after("Wed Oct 21 07:28:05 2015", kNow).value().count() == 5000);
}

BOOST_AUTO_TEST_CASE(a_date_in_the_past_means_now) {
  BOOST_TEST(parse_retry_after("Tue, 20 Oct 2015 07:28:00 GMT", kNow).value().count() == 0);
}

BOOST_AUTO_TEST_CASE(anything_else_is_ignored) {
  BOOST_TEST(!parse_retry_after("", kNow));
  BOOST_TEST(!parse_retry_after("soon", kNow));
  BOOST_TEST(!parse_retry_after("-5", kNow));
  BOOST_TEST(!parse_retry_after("1.5", kNow));
  BOOST_TEST(!parse_retry_after("Wed, 32 Oct 2015 07:28:00 GMT", kNow));
}

BOOST_AUTO_TEST_SUITE_END()
