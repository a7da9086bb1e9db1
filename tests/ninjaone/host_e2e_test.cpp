// End to end: connector-host runs the shipped demo manifest (the simulator's URL and
// CA filled in, as the demo script does) and lists the users of the simulator's
// tenant as JSON; the secret comes from the environment and never shows.
#define BOOST_TEST_MODULE ninjaone_host_e2e
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/child_process.hpp"
#include "support/expected_tenant.hpp"
#include "support/sim_process.hpp"

using namespace ninjaone_test;
namespace json = boost::json;

namespace {

constexpr const char* kSecret = "e2e-S3cret-NinjaOne-9f2d";

const std::vector<std::string> kTenant{
    "--seed",  "5", "--technicians",   "4", "--end-users",        "9",
    "--roles", "3", "--organizations", "3", "--members-per-role", "2"};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(connector_host_lists_the_simulator_s_users_through_the_demo_manifest) {
  std::vector<std::string> sim_args = kTenant;
  sim_args.insert(sim_args.end(), {"--client-secret", kSecret});
  SimProcess sim(sim_args);
  const json::value fixture = SimProcess::dump_fixture(kTenant);

  TempDir work;
  std::filesystem::create_directories(work.path() / "manifests");
  std::string manifest = read_file(required_env("NINJAONE_MANIFEST_DIR") + "/ninjaone-demo.json");
  replace_all(manifest, "${SIM_URL}", sim.base_url());
  replace_all(manifest, "${SIM_CA}", test_ca_file());
  std::ofstream(work.path() / "manifests" / "ninjaone-demo.json") << manifest;

  const Captured run =
      run_capture({required_env("CONNECTOR_HOST"), "--plugins", required_env("NINJAONE_PLUGIN_DIR"),
                   "--manifests", (work.path() / "manifests").string(), "--state",
                   (work.path() / "state").string(), "-o", "json", "--log-level", "debug",
                   "resources", "ninjaone-demo", "--type", "user"},
                  {{"NINJAONE_CLIENT_ID", "sim-client"}, {"NINJAONE_CLIENT_SECRET", kSecret}});
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);

  std::vector<json::value> items;
  std::istringstream lines(run.out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) items.push_back(json::parse(line));
  }
  std::vector<std::string> duplicates;
  const ItemsById listed = by_id(items, &duplicates);
  BOOST_TEST(duplicates.empty());
  ExpectOptions options;
  options.base_url = sim.base_url();
  const ItemsById expected = expected_from_fixture(fixture, options).resources_by_type.at("user");
  BOOST_TEST(listed.size() == expected.size());
  for (const auto& [id, item] : expected) {
    const auto found = listed.find(id);
    BOOST_TEST((found != listed.end() && found->second == item), "user " << json::serialize(item));
  }
  BOOST_TEST(run.out.find(kSecret) == std::string::npos);
  BOOST_TEST(run.err.find(kSecret) == std::string::npos);
}
