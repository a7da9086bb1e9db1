// What the NinjaOne plugin must list for a simulator tenant, computed from the
// simulator's own fixture dump (Technician / EndUser / UserRole / Organization
// shapes), independently of the plugin's mapping code.
#ifndef NINJAONE_TEST_EXPECTED_TENANT_HPP
#define NINJAONE_TEST_EXPECTED_TENANT_HPP

#include <boost/json/value.hpp>

#include <map>
#include <string>
#include <vector>

namespace ninjaone_test {

// Items keyed by their "id".
using ItemsById = std::map<std::string, boost::json::value>;

struct ExpectedTenant {
  std::map<std::string, ItemsById> resources_by_type;  // "user", "role", ...
  ItemsById entitlements;
  ItemsById grants;
};

struct ExpectOptions {
  std::string tenant_key = "127.0.0.1";
  std::string base_url;
  bool technicians = true;
  bool end_users = true;
};

ExpectedTenant expected_from_fixture(const boost::json::value& fixture,
                                     const ExpectOptions& options);

// Keys the items by id; a duplicate id is a failure (reported by the caller).
ItemsById by_id(const std::vector<boost::json::value>& items, std::vector<std::string>* duplicates);

// Items of `all` whose field `field` equals `value` (eg: grants of one entitlement).
ItemsById where(const ItemsById& all, const std::string& field, const std::string& value);

}  // namespace ninjaone_test

#endif  // NINJAONE_TEST_EXPECTED_TENANT_HPP
