// The walk cache on its own: which walk an instance keeps, when it lets go of it, that
// a call still running for a replaced walk keeps what it holds, and that facts are
// kept by key and type.
#include <boost/test/unit_test.hpp>

#include <connector/sdk/walk_cache.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

using connector::sdk::WalkCache;
using connector::sdk::WalkFacts;

namespace {

// What a connector might keep: the facts of a listing, and one page of another.
struct Principal {
  std::int32_t id = 0;
  bool administrator = false;
};
struct GroupPage {
  std::vector<std::string> names;
  std::string next;
};
using Principals = std::vector<Principal>;

WalkFacts::Shared<Principals> one_principal(std::int32_t id) {
  return std::make_shared<const Principals>(Principals{{id, false}});
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
  BOOST_TEST(first->find<Principals>("users") ==
             nullptr);  // nothing kept until a listing completes
  first->keep<Principals>("users", one_principal(101));
  BOOST_TEST(cache.walk("a") == first);
  BOOST_TEST(cache.walk("a")->find<Principals>("users")->at(0).id == 101);

  cache.end("some-other-walk");  // not the walk kept: ignored
  BOOST_TEST(cache.walk("a") == first);
  cache.end("a");
  const auto again = cache.walk("a");  // the same id after end_walk is a new walk
  BOOST_TEST(again != first);
  BOOST_TEST(again->find<Principals>("users") == nullptr);
}

BOOST_AUTO_TEST_CASE(a_new_walk_replaces_the_old_one_without_pulling_it_from_its_calls) {
  WalkCache cache;
  const auto old_walk = cache.walk("old");
  old_walk->keep<Principals>("users", one_principal(7));
  const auto new_walk = cache.walk("new");
  BOOST_TEST(new_walk != old_walk);
  BOOST_TEST(new_walk->find<Principals>("users") == nullptr);
  BOOST_TEST(old_walk->find<Principals>("users")->at(0).id == 7);  // a call of the old walk
                                                                   // still holds it
  BOOST_TEST(cache.walk("old") != old_walk);  // but the instance no longer keeps it
}

BOOST_AUTO_TEST_CASE(pages_are_kept_by_their_request) {
  WalkCache cache;
  const auto walk = cache.walk("w");
  walk->keep<GroupPage>("/groups?size=2",
                        std::make_shared<const GroupPage>(GroupPage{{"One", "Two"}, "2"}));
  const auto page = walk->find<GroupPage>("/groups?size=2");
  BOOST_REQUIRE(page != nullptr);
  BOOST_TEST(page->names.size() == 2u);
  BOOST_TEST(page->next == "2");
  BOOST_TEST(walk->find<GroupPage>("/groups?size=2&after=2") == nullptr);
  BOOST_TEST(walk->find<GroupPage>("/groups?size=3") == nullptr);
}

BOOST_AUTO_TEST_CASE(a_key_kept_as_one_type_is_not_read_as_another) {
  WalkCache cache;
  const auto walk = cache.walk("w");
  walk->keep<Principals>("users", one_principal(1));
  BOOST_CHECK_THROW(walk->find<GroupPage>("users"), std::logic_error);
  walk->keep<Principals>("users", one_principal(2));  // kept again: the later wins
  BOOST_TEST(walk->find<Principals>("users")->at(0).id == 2);
}

BOOST_AUTO_TEST_SUITE_END()
