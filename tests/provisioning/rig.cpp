#include "rig.hpp"

#include <boost/json.hpp>

#include <sstream>
#include <stdexcept>

namespace provisioning_test {
namespace {

namespace json = boost::json;

constexpr const char* kSecret = "prov-S3cret-5d1e";

const std::vector<std::string> kTenant{
    "--seed",  "11", "--technicians",   "4", "--end-users",        "4",
    "--roles", "2",  "--organizations", "2", "--members-per-role", "1"};

std::vector<std::string> sim_args(const std::vector<std::string>& extra) {
  std::vector<std::string> args = kTenant;
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace

Rig::Rig(std::vector<std::string> extra_sim_args)
    : rig_(sim_args(extra_sim_args), kSecret),
      fixture_(test_support::Simulator::dump_fixture(kTenant).as_object()) {
  rig_.write_manifest("prov.json", kConnector, true);
  rig_.write_manifest("readonly.json", kDisabled, false);
  rig_.write_manifest("orgs.json", kOrganizations, true,
                      {{"organization_membership_provisionable", true}});
}

HostRun Rig::host(const std::vector<std::string>& args) const {
  const auto run = rig_.host(args);
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
  for (auto& request : rig_.sim().requests()) out.push_back(request.as_object());
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
