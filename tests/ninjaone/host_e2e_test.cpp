// End to end: connector-host runs the shipped demo manifest (the simulator's URL and
// CA filled in, as the demo script does) and lists the users of the simulator's
// tenant as JSON; the secret comes from the environment and never shows. A sync
// makes the fewest requests the API allows.
#define BOOST_TEST_MODULE ninjaone_host_e2e
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "support/child_process.hpp"
#include "support/environment.hpp"
#include "support/expected_tenant.hpp"
#include "support/simulator.hpp"

using namespace ninjaone_test;
using test_support::ProcessResult;
using test_support::required_env;
using test_support::Simulator;
using test_support::TempDir;
using test_support::test_ca_file;
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

std::vector<std::string> sim_args() {
  std::vector<std::string> args = kTenant;
  args.insert(args.end(), {"--client-secret", kSecret});
  return args;
}

// "path=count ..." so that a failed comparison shows both sides.
std::string text_of(const std::map<std::string, int>& counts) {
  std::string text;
  for (const auto& [path, count] : counts) text += path + "=" + std::to_string(count) + " ";
  return text;
}

// A work directory holding the demo manifest pointed at `sim`, and a state directory.
class DemoWorkspace {
 public:
  explicit DemoWorkspace(const Simulator& sim) {
    std::filesystem::create_directories(work_.path() / "manifests");
    std::string manifest = read_file(required_env("NINJAONE_MANIFEST_DIR") + "/ninjaone-demo.json");
    replace_all(manifest, "${SIM_URL}", sim.base_url());
    replace_all(manifest, "${SIM_CA}", test_ca_file());
    std::ofstream(work_.path() / "manifests" / "ninjaone-demo.json") << manifest;
  }

  // Runs connector-host with `arguments` after the global options.
  ProcessResult host(const std::vector<std::string>& arguments) const {
    std::vector<std::string> command{required_env("CONNECTOR_HOST"),
                                     "--plugins",
                                     required_env("NINJAONE_PLUGIN_DIR"),
                                     "--manifests",
                                     (work_.path() / "manifests").string(),
                                     "--state",
                                     (work_.path() / "state").string(),
                                     "-o",
                                     "json",
                                     "--log-level",
                                     "debug"};
    command.insert(command.end(), arguments.begin(), arguments.end());
    return test_support::run(command, {.environment = {{"NINJAONE_CLIENT_ID", "sim-client"},
                                                       {"NINJAONE_CLIENT_SECRET", kSecret}}});
  }

 private:
  TempDir work_;
};

}  // namespace

BOOST_AUTO_TEST_CASE(connector_host_lists_the_simulator_s_users_through_the_demo_manifest) {
  Simulator sim(sim_args());
  const json::value fixture = Simulator::dump_fixture(kTenant);
  const DemoWorkspace work(sim);

  const ProcessResult run = work.host({"resources", "ninjaone-demo", "--type", "user"});
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

BOOST_AUTO_TEST_CASE(a_sync_makes_the_fewest_requests_the_api_allows) {
  Simulator sim(sim_args());
  ExpectOptions options;
  options.base_url = sim.base_url();
  const ExpectedTenant expected = expected_from_fixture(Simulator::dump_fixture(kTenant), options);
  const DemoWorkspace work(sim);
  const ProcessResult sync = work.host({"sync", "ninjaone-demo"});
  BOOST_TEST_REQUIRE(sync.exit_code == 0, sync.err);

  // Everything arrived: the run counts what the fixture holds.
  const json::value run = json::parse(sync.out);
  BOOST_TEST(run.at("status") == "good");
  std::size_t resources = 0;
  for (const auto& [type, items] : expected.resources_by_type) resources += items.size();
  BOOST_TEST(run.at("resources").to_number<std::size_t>() == resources);
  BOOST_TEST(run.at("entitlements").to_number<std::size_t>() == expected.entitlements.size());
  BOOST_TEST(run.at("grants").to_number<std::size_t>() == expected.grants.size());

  // One token, every user in one request, every role with its members in one, and the
  // organizations' one page and the empty page that ends them (a short page may be a
  // server's cap, not the end): the entitlements and grants of the sync come from what
  // its resource listings fetched, in the walk the host made of the sync.
  std::map<std::string, int> requests;
  for (const json::value& r : sim.requests()) {
    const std::string path(r.at("path").as_string());
    if (!path.starts_with("/_sim")) ++requests[path];
  }
  const std::map<std::string, int> minimum{
      {"/ws/oauth/token", 1}, {"/v2/users", 1}, {"/v2/user/roles", 1}, {"/v2/organizations", 2}};
  BOOST_TEST(text_of(requests) == text_of(minimum));
}
