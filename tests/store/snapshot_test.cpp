// --from-store queries: the latest good run's items, as the plugin emitted them.
#include <boost/test/unit_test.hpp>

#include "connector/store/snapshot.hpp"
#include "store_fixtures.hpp"

using namespace connector::store;
using store_test::TempDir;

BOOST_AUTO_TEST_SUITE(snapshot)

BOOST_AUTO_TEST_CASE(resources_entitlements_and_grants_of_the_latest_good_run) {
  TempDir dir;
  Store store(dir.path());
  BOOST_TEST(!Snapshot::latest_good(store.db(), "demo").has_value());
  store_test::sync_tenant(store, "demo", store_test::Tenant::with_members(2, 1));
  store_test::sync_tenant(store, "demo", store_test::Tenant::with_members(4, 2));

  const auto snapshot = Snapshot::latest_good(store.db(), "demo");
  BOOST_REQUIRE(snapshot.has_value());
  BOOST_TEST(snapshot->run().counts.resources == 6);

  const auto types = collect([&](auto& visit) { snapshot->resource_types(visit); });
  BOOST_TEST(types == (std::vector<std::string>{store_test::resource_type("role"),
                                                store_test::resource_type("user")}),
             boost::test_tools::per_element());
  const auto roles = collect([&](auto& visit) { snapshot->resources("role", visit); });
  BOOST_TEST(roles == (std::vector<std::string>{store_test::role(1), store_test::role(2)}),
             boost::test_tools::per_element());
  BOOST_TEST(collect([&](auto& visit) { snapshot->resources("user", visit); }).size() == 4u);
  BOOST_TEST(collect([&](auto& visit) { snapshot->resources("", visit); }).size() == 6u);
  BOOST_TEST(collect([&](auto& visit) { snapshot->resources("device", visit); }).empty());

  const auto entitlements = collect([&](auto& visit) { snapshot->entitlements("role:2", visit); });
  BOOST_TEST(entitlements == std::vector<std::string>{store_test::member_entitlement(2)},
             boost::test_tools::per_element());
  // Users 1 and 3 are members of role 2 ((u % 2) + 1).
  const auto grants = collect([&](auto& visit) { snapshot->grants("role:2", visit); });
  BOOST_TEST(grants == (std::vector<std::string>{store_test::member_grant(2, 1),
                                                 store_test::member_grant(2, 3)}),
             boost::test_tools::per_element());
  BOOST_TEST(collect([&](auto& visit) { snapshot->grants("user:1", visit); }).empty());
  BOOST_TEST(collect([&](auto& visit) { snapshot->grants("", visit); }).size() == 4u);
}

BOOST_AUTO_TEST_SUITE_END()
