#include <boost/test/unit_test.hpp>

#include "ids.hpp"

using namespace ninjaone;

BOOST_AUTO_TEST_SUITE(ids_format_and_parse)

BOOST_AUTO_TEST_CASE(formats_design_section_4_ids) {
  BOOST_TEST(ids::resource("user", 101) == "user:101");
  BOOST_TEST(ids::entitlement("role:7", "member") == "role:7:member");
  BOOST_TEST(ids::grant("role:7:member", "user:101") == "role:7:member:user:101");
  BOOST_TEST(ids::resource("user", 2147483647) == "user:2147483647");
}

BOOST_AUTO_TEST_CASE(parses_resource_ids_exactly) {
  const auto role = ids::parse_resource("role:7");
  BOOST_REQUIRE(role.has_value());
  BOOST_TEST(role->type == "role");
  BOOST_TEST(role->key == "7");
  for (const char* bad : {"", "role", "role:", ":7", "role:7:member", "role::7"}) {
    BOOST_TEST(!ids::parse_resource(bad).has_value(), bad);
  }
}

BOOST_AUTO_TEST_CASE(parses_entitlement_ids_exactly) {
  const auto member = ids::parse_entitlement("organization:3:member");
  BOOST_REQUIRE(member.has_value());
  BOOST_TEST(member->resource.type == "organization");
  BOOST_TEST(member->resource.key == "3");
  BOOST_TEST(member->slug == "member");
  for (const char* bad : {"role:7", "role:7:", "role:7:member:user:1", "::member"}) {
    BOOST_TEST(!ids::parse_entitlement(bad).has_value(), bad);
  }
}

BOOST_AUTO_TEST_CASE(ninja_ids_are_non_negative_int32) {
  BOOST_TEST(ids::parse_ninja_id("0").value() == 0);
  BOOST_TEST(ids::parse_ninja_id("2147483647").value() == 2147483647);
  for (const char* bad : {"", "2147483648", "-1", "+1", "7a", " 7", "1e3"}) {
    BOOST_TEST(!ids::parse_ninja_id(bad).has_value(), bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()
