#include "rig.hpp"

#include <boost/json.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace provisioning_test {
namespace {

namespace json = boost::json;
using ninjaone_test::required_env;

constexpr const char* kSecret = "prov-S3cret-5d1e";

const std::vector<std::string> kTenant{
    "--seed",  "11", "--technicians",   "4", "--end-users",        "4",
    "--roles", "2",  "--organizations", "2", "--members-per-role", "1"};

void write_manifest(const std::filesystem::path& file, const std::string& id, bool enabled,
                    bool organizations, const std::string& base_url) {
  json::object config{{"base_url", base_url},
                      {"ca_file", ninjaone_test::test_ca_file()},
                      {"client_id", {{"env", "NINJAONE_CLIENT_ID"}}},
                      {"client_secret", {{"env", "NINJAONE_CLIENT_SECRET"}}},
                      {"scope", "monitoring management control"},
                      {"requests_per_minute", 0}};
  if (organizations) config["organization_membership_provisionable"] = true;
  const json::object manifest{{"id", id},
                              {"plugin", "ninjaone"},
                              {"enabled", true},
                              {"provisioning", {{"enabled", enabled}, {"mode", "direct"}}},
                              {"config", std::move(config)}};
  std::ofstream(file) << json::serialize(manifest);
}

}  // namespace

Rig::Rig(std::vector<std::string> extra_sim_args) {
  std::vector<std::string> args = kTenant;
  args.insert(args.end(), {"--client-secret", kSecret});
  args.insert(args.end(), extra_sim_args.begin(), extra_sim_args.end());
  sim_ = std::make_unique<ninjaone_test::SimProcess>(args);
  fixture_ = ninjaone_test::SimProcess::dump_fixture(kTenant).as_object();
  const auto manifests = dir_.path() / "manifests";
  std::filesystem::create_directories(manifests);
  write_manifest(manifests / "prov.json", kConnector, true, false, sim_->base_url());
  write_manifest(manifests / "readonly.json", kDisabled, false, false, sim_->base_url());
  write_manifest(manifests / "orgs.json", kOrganizations, true, true, sim_->base_url());
}

HostRun Rig::host(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{required_env("CONNECTOR_HOST"),
                                "--plugins",
                                required_env("NINJAONE_PLUGIN_DIR"),
                                "--manifests",
                                (dir_.path() / "manifests").string(),
                                "--state",
                                (dir_.path() / "state").string(),
                                "-o",
                                "json"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto run = ninjaone_test::run_capture(
      argv, {{"NINJAONE_CLIENT_ID", "sim-client"}, {"NINJAONE_CLIENT_SECRET", kSecret}});
  HostRun out{run.exit_code, {}, run.err};
  std::istringstream lines(run.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    json::value item = json::parse(line);
    if (!item.is_object()) throw std::runtime_error("not a JSON object: " + line);
    out.items.push_back(std::move(item.get_object()));
  }
  if (run.out.find(kSecret) != std::string::npos || run.err.find(kSecret) != std::string::npos) {
    throw std::runtime_error("connector-host printed the client secret");
  }
  return out;
}

const json::object& Rig::role(const std::string& type) const {
  for (const auto& role : fixture_.at("roles").as_array()) {
    if (role.as_object().at("type").as_string() == type) return role.as_object();
  }
  throw std::runtime_error("the tenant has no " + type + " role");
}

std::vector<std::int64_t> Rig::member_ids(const json::object& role) {
  std::vector<std::int64_t> ids;
  for (const auto& member : role.at("members").as_array()) {
    ids.push_back(member.as_object().at("id").to_number<std::int64_t>());
  }
  return ids;
}

std::int64_t Rig::user_not_in(const std::string& list,
                              const std::vector<std::int64_t>& excluded) const {
  for (const auto& user : fixture_.at(list).as_array()) {
    const auto id = user.as_object().at("id").to_number<std::int64_t>();
    if (std::find(excluded.begin(), excluded.end(), id) == excluded.end()) return id;
  }
  throw std::runtime_error("every user of " + list + " is excluded");
}

std::vector<json::object> Rig::requests() const {
  std::vector<json::object> out;
  for (auto& request : sim_->requests()) out.push_back(request.as_object());
  return out;
}

std::vector<json::object> Rig::writes() const {
  std::vector<json::object> out;
  for (auto& request : requests()) {
    const auto& path = request.at("path").as_string();
    if (request.at("method").as_string() != "GET" && path.find("oauth") == json::string::npos) {
      out.push_back(request);
    }
  }
  return out;
}

std::string role_member(std::int64_t role_id) {
  return "role:" + std::to_string(role_id) + ":member";
}
std::string user(std::int64_t user_id) { return "user:" + std::to_string(user_id); }

}  // namespace provisioning_test
