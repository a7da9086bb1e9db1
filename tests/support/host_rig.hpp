// connector-host with the NinjaOne plugin against its own simulator, for the suites
// that drive the whole product end to end (provisioning, the fault matrix): a
// simulator over HTTPS started with the rig's client secret, a work directory with
// manifests/ and state/, NinjaOne manifests pointed at the simulator, and a way to
// run connector-host commands there. What a suite checks on the output (secrets
// never printed, the shape of its lines) stays in the suite.
//
// Paths come from CTest's environment: CONNECTOR_HOST (the binary),
// NINJAONE_PLUGIN_DIR (libconn_ninjaone.so), and the simulator's NINJAONE_SIM and
// TEST_TLS_DIR.
#pragma once

#include <boost/json/object.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "simulator.hpp"
#include "temp_dir.hpp"

namespace test_support {

class HostRig {
 public:
  // Starts the simulator with `sim_args` and --client-secret `client_secret`.
  HostRig(std::vector<std::string> sim_args, std::string client_secret);
  HostRig(const HostRig&) = delete;
  HostRig& operator=(const HostRig&) = delete;

  const Simulator& sim() const { return sim_; }
  std::filesystem::path manifests() const { return dir_ / "manifests"; }
  std::filesystem::path state() const { return dir_ / "state"; }

  // Writes manifests/<file>: the NinjaOne plugin as connector `id` on this simulator,
  // trusting the test CA, with the client id and secret as {"env": ...} references
  // (host() sets them), no client-side rate limit, and direct provisioning enabled
  // or not. `config` adds fields to the plugin's config.
  void write_manifest(const std::string& file, const std::string& id, bool provisioning,
                      const boost::json::object& config = {}) const;

  // Runs `connector-host --plugins ... --manifests ... --state ... -o json OPTIONS...
  // ARGS...` with NINJAONE_CLIENT_ID and NINJAONE_CLIENT_SECRET set, the proxy
  // variables (HTTPS_PROXY, NO_PROXY, ... in both cases) removed so that a developer's
  // own proxy does not stand between the host and the simulator, and `environment`
  // added (a value of "" removes a variable).
  ProcessResult host(const std::vector<std::string>& args,
                     const std::vector<std::string>& options = {},
                     const std::map<std::string, std::string>& environment = {}) const;

 private:
  TempDir dir_;
  std::string client_secret_;
  Simulator sim_;
};

}  // namespace test_support
