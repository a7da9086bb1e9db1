#include "cell_rig.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <sstream>

namespace fault_matrix {
namespace {

namespace json = boost::json;

constexpr const char* kSecret = "matrix-S3cret-77c1";

// 300 users, 30 roles, 50 organizations, about 900 items a sync: the users come as
// one chunked stream of 140 kB that a fault can cut mid-body, and a sync without
// faults still takes a tenth of a second.
const std::vector<std::string> kTenant{
    "--seed",  "23", "--technicians",   "60", "--end-users",        "240",
    "--roles", "30", "--organizations", "50", "--members-per-role", "6"};

std::vector<std::string> sim_args(const Cell& cell) {
  std::vector<std::string> args = kTenant;
  args.insert(args.end(), {"--fault-seed", cell.fault_seed});
  return args;
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

CellRig::CellRig(const Cell& cell) : rig_(sim_args(cell), kSecret) {
  json::object config;
  if (cell.request_timeout) config["timeout"] = *cell.request_timeout;
  rig_.write_manifest("faults.json", kConnector, true, config);
}

HostRun CellRig::host(const std::vector<std::string>& args) const {
  const auto run = rig_.host(args, {"--log-level", "info"});
  BOOST_TEST_REQUIRE(run.out.find(kSecret) == std::string::npos);
  BOOST_TEST_REQUIRE(run.err.find(kSecret) == std::string::npos);
  return HostRun{run.exit_code, run.out, run.err};
}

void CellRig::set_faults(const std::string& spec) {
  BOOST_REQUIRE_NO_THROW(rig_.sim().set_faults(spec));
}

json::object CellRig::state() {
  json::object state;
  BOOST_REQUIRE_NO_THROW(state = rig_.sim().state());
  return state;
}

std::vector<json::object> CellRig::requests() const {
  std::vector<json::object> out;
  for (auto& request : rig_.sim().requests()) out.push_back(std::move(request.as_object()));
  return out;
}

}  // namespace fault_matrix
