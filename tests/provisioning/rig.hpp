// A simulator tenant, manifests that point connector-host at it, and a way to run
// connector-host commands and read what they printed, for the provisioning tests.
#ifndef PROVISIONING_TEST_RIG_HPP
#define PROVISIONING_TEST_RIG_HPP

#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "support/host_rig.hpp"

namespace provisioning_test {

// The manifests the rig writes, all on the same simulator.
inline constexpr const char* kConnector = "ninja-prov";     // provisioning enabled
inline constexpr const char* kDisabled = "ninja-readonly";  // provisioning disabled
inline constexpr const char* kOrganizations =
    "ninja-orgs";  // + organization_membership_provisionable

struct HostRun {
  int exit_code = -1;
  std::vector<boost::json::object> items;  // stdout, one JSON object per line
  std::string err;
};

class Rig {
 public:
  // `extra_sim_args`: eg {"--faults", "..."}; the tenant is always the same.
  explicit Rig(std::vector<std::string> extra_sim_args = {});

  // Runs `connector-host -o json ARGS...` with the rig's directories.
  HostRun host(const std::vector<std::string>& args) const;

  // The tenant the simulator started with (its --dump-fixture).
  const boost::json::object& fixture() const { return fixture_; }
  // The first role of `type` ("TECHNICIAN" or "END_USER") and its member ids.
  const boost::json::object& role(const std::string& type) const;
  static std::vector<std::int64_t> member_ids(const boost::json::object& role);
  // A user of `list` ("technicians", "end_users") that is not in `excluded`.
  std::int64_t user_not_in(const std::string& list,
                           const std::vector<std::int64_t>& excluded) const;

  // Requests the simulator served that were not GETs (writes, token requests aside).
  std::vector<boost::json::object> writes() const;
  std::vector<boost::json::object> requests() const;

 private:
  test_support::HostRig rig_;
  boost::json::object fixture_;
};

// "role:7:member" etc.
std::string role_member(std::int64_t role_id);
std::string user(std::int64_t user_id);

}  // namespace provisioning_test

#endif  // PROVISIONING_TEST_RIG_HPP
