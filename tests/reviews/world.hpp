// A small NinjaOne tenant in the simulator (over HTTPS), manifests that point
// connector-host at it, and ways to run connector-host and read the tenant back, for
// the access review and timed grant suites. The tenant's names are the hard cases: a
// quote, markup, CJK with an emoji, and a spreadsheet formula.
#pragma once

#include <boost/json/object.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/host_rig.hpp"
#include "support/temp_dir.hpp"

namespace review_test {

inline constexpr const char* kConnector = "ninja-reviews";  // provisioning enabled
inline constexpr const char* kReadOnly = "ninja-readonly";  // provisioning disabled
inline constexpr const char* kOther = "ninja-other";        // another door to the same tenant

// Role 10 "Help desk": users 1, 2, 3; role 11 "Admins <b>": user 4; role 20
// "Portal" (end users): user 5. User 1 is an administrator, 2 has no MFA, 3 is
// disabled; 6 holds nothing.
inline constexpr int kHelpDesk = 10;
inline constexpr int kAdmins = 11;

struct Run {
  int exit_code = -1;
  std::vector<boost::json::object> items;  // stdout's JSON lines (when it printed lines)
  std::string out;
  std::string err;
};

// "role:10:member:user:2"
std::string grant_id(int role, int user);
std::string role_member(int role);
std::string user(int id);

class World {
 public:
  // `ticket_mode`: the connector opens NinjaOne tickets instead of changing roles.
  explicit World(bool ticket_mode = false);

  // connector-host -o json ARGS... (files relative to work())
  Run host(const std::vector<std::string>& args) const;
  // The same, as a child process still running (the service).
  std::unique_ptr<test_support::ChildProcess> start_host(
      const std::vector<std::string>& args) const;

  const std::filesystem::path& work() const { return files_.path(); }
  const test_support::Simulator& sim() const { return rig_.sim(); }
  bool role_has(int role, int user) const;
  // Requests the simulator logged with `method` on a path starting with `prefix`.
  std::size_t requests_to(const std::string& method, const std::string& prefix) const;

 private:
  std::vector<std::string> argv(const std::vector<std::string>& args) const;

  test_support::TempDir files_;  // first: the tenant file the simulator reads
  test_support::HostRig rig_;
};

// Runs that must succeed: their JSON lines.
std::vector<boost::json::object> lines_of(const Run& run);

}  // namespace review_test
