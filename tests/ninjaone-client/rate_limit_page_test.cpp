// NinjaOne's HTML rate-limit page, as its ApiDialect recognises it.
#include <boost/test/unit_test.hpp>

#include "api/ninjaone_api.hpp"

using ninjaone::is_rate_limit_page;

BOOST_AUTO_TEST_SUITE(rate_limit_page)

BOOST_AUTO_TEST_CASE(html_on_200_429_and_503_is_a_rate_limit_page) {
  for (unsigned status : {200u, 429u, 503u}) {
    BOOST_TEST(is_rate_limit_page(status, "text/html; charset=utf-8", "<html>busy</html>"));
  }
}

BOOST_AUTO_TEST_CASE(the_wording_counts_in_any_case_when_not_json) {
  BOOST_TEST(is_rate_limit_page(200, "text/plain", "Rate Limit exceeded"));
  BOOST_TEST(is_rate_limit_page(503, "", "TOO MANY REQUESTS, slow down"));
  BOOST_TEST(!is_rate_limit_page(200, "text/plain", "all good"));
}

BOOST_AUTO_TEST_CASE(json_bodies_and_other_statuses_are_not) {
  BOOST_TEST(!is_rate_limit_page(200, "application/json", R"([{"name":"Rate Limit"}])"));
  BOOST_TEST(!is_rate_limit_page(500, "text/html", "rate limit"));
  BOOST_TEST(!is_rate_limit_page(404, "text/html", "too many requests"));
}

BOOST_AUTO_TEST_SUITE_END()
