// The walk cache on its own: which walk an instance keeps, when it lets go of it, and
// that a call still running for a replaced walk keeps what it holds.
#include <boost/test/unit_test.hpp>

#include "walk_cache.hpp"

using ninjaone::WalkCache;
using ninjaone::WalkFacts;
using ninjaone::resources::OrganizationPage;
using ninjaone::resources::UserFacts;

namespace {

WalkFacts::Shared<std::vector<UserFacts>> one_user(std::int32_t id) {
  return std::make_shared<const std::vector<UserFacts>>(
      std::vector<UserFacts>{{id, true, false, {}}});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(walk_cache)

BOOST_AUTO_TEST_CASE(a_call_outside_a_walk_keeps_nothing) {
  WalkCache cache;
  BOOST_TEST(cache.walk("") == nullptr);
}

BOOST_AUTO_TEST_CASE(calls_of_one_walk_share_its_facts_until_it_ends) {
  WalkCache cache;
  const auto first = cache.walk("a");
  BOOST_REQUIRE(first != nullptr);
  BOOST_TEST(first->users() == nullptr);  // nothing kept until a listing completes
  first->keep_users(one_user(101));
  BOOST_TEST(cache.walk("a") == first);
  BOOST_TEST(cache.walk("a")->users()->at(0).id == 101);

  cache.end("some-other-walk");  // not the walk kept: ignored
  BOOST_TEST(cache.walk("a") == first);
  cache.end("a");
  const auto again = cache.walk("a");  // the same id after end_walk is a new walk
  BOOST_TEST(again != first);
  BOOST_TEST(again->users() == nullptr);
}

BOOST_AUTO_TEST_CASE(a_new_walk_replaces_the_old_one_without_pulling_it_from_its_calls) {
  WalkCache cache;
  const auto old_walk = cache.walk("old");
  old_walk->keep_users(one_user(7));
  const auto new_walk = cache.walk("new");
  BOOST_TEST(new_walk != old_walk);
  BOOST_TEST(new_walk->users() == nullptr);
  BOOST_TEST(old_walk->users()->at(0).id == 7);  // a call of the old walk still holds it
  BOOST_TEST(cache.walk("old") != old_walk);     // but the instance no longer keeps it
}

BOOST_AUTO_TEST_CASE(organization_pages_are_kept_by_their_request) {
  WalkCache cache;
  const auto walk = cache.walk("w");
  walk->keep_organization_page(
      "/v2/organizations?pageSize=2",
      std::make_shared<const OrganizationPage>(OrganizationPage{{{1, "One"}, {2, "Two"}}, "2"}));
  const auto page = walk->organization_page("/v2/organizations?pageSize=2");
  BOOST_REQUIRE(page != nullptr);
  BOOST_TEST(page->organizations.size() == 2u);
  BOOST_TEST(page->next == "2");
  BOOST_TEST(walk->organization_page("/v2/organizations?pageSize=2&after=2") == nullptr);
  BOOST_TEST(walk->organization_page("/v2/organizations?pageSize=3") == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
