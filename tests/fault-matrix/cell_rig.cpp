#include "cell_rig.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

#include "support/child_process.hpp"

namespace fault_matrix {
namespace {

namespace json = boost::json;
using ninjaone_test::required_env;

constexpr const char* kSecret = "matrix-S3cret-77c1";

// 300 users, 30 roles, 50 organizations, about 900 items a sync: the users come as
// one chunked stream of 140 kB that a fault can cut mid-body, and a sync without
// faults still takes a tenth of a second.
const std::vector<std::string> kTenant{
    "--seed",  "23", "--technicians",   "60", "--end-users",        "240",
    "--roles", "30", "--organizations", "50", "--members-per-role", "6"};

void write_manifest(const std::filesystem::path& file, const std::string& base_url,
                    std::optional<double> request_timeout) {
  json::object config{{"base_url", base_url},
                      {"ca_file", ninjaone_test::test_ca_file()},
                      {"client_id", {{"env", "NINJAONE_CLIENT_ID"}}},
                      {"client_secret", {{"env", "NINJAONE_CLIENT_SECRET"}}},
                      {"scope", "monitoring management control"},
                      // The client's own rate limit would only slow the matrix down.
                      {"requests_per_minute", 0}};
  if (request_timeout) config["timeout"] = *request_timeout;
  const json::object manifest{{"id", kConnector},
                              {"plugin", "ninjaone"},
                              {"enabled", true},
                              {"provisioning", {{"enabled", true}, {"mode", "direct"}}},
                              {"config", std::move(config)}};
  std::ofstream(file) << json::serialize(manifest);
}

}  // namespace

std::vector<json::object> HostRun::items() const {
  std::vector<json::object> parsed;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    json::value item = json::parse(line);
    if (item.is_object()) parsed.push_back(std::move(item.get_object()));
  }
  return parsed;
}

CellRig::CellRig(const Cell& cell)
    : state_dir_(dir_.path() / "state"), manifests_(dir_.path() / "manifests") {
  std::vector<std::string> args = kTenant;
  args.insert(args.end(), {"--client-secret", kSecret, "--fault-seed", cell.fault_seed});
  sim_ = std::make_unique<ninjaone_test::SimProcess>(args);
  control_ = std::make_unique<sim_test::HttpClient>(sim_->port(), ninjaone_test::test_ca_file());
  std::filesystem::create_directories(manifests_);
  write_manifest(manifests_ / "faults.json", sim_->base_url(), cell.request_timeout);
}

HostRun CellRig::host(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{required_env("CONNECTOR_HOST"),
                                "--plugins",
                                required_env("NINJAONE_PLUGIN_DIR"),
                                "--manifests",
                                manifests_.string(),
                                "--state",
                                state_dir_.string(),
                                "-o",
                                "json",
                                "--log-level",
                                "info"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto run = ninjaone_test::run_capture(
      argv, {{"NINJAONE_CLIENT_ID", "sim-client"}, {"NINJAONE_CLIENT_SECRET", kSecret}});
  BOOST_TEST_REQUIRE(run.out.find(kSecret) == std::string::npos);
  BOOST_TEST_REQUIRE(run.err.find(kSecret) == std::string::npos);
  return HostRun{run.exit_code, run.out, run.err};
}

void CellRig::set_faults(const std::string& spec) {
  const auto reply =
      control_->post_json("/_sim/faults", json::serialize(json::object{{"spec", spec}}));
  BOOST_TEST_REQUIRE(reply.status == 200u, "POST /_sim/faults " << spec << ": " << reply.body);
}

json::object CellRig::state() {
  const auto reply = control_->get("/_sim/state");
  BOOST_TEST_REQUIRE(reply.status == 200u, "GET /_sim/state: " << reply.body);
  return reply.json().as_object();
}

std::vector<json::object> CellRig::requests() const {
  std::vector<json::object> out;
  for (auto& request : sim_->requests()) out.push_back(std::move(request.as_object()));
  return out;
}

}  // namespace fault_matrix
