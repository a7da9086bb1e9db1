#include "host_rig.hpp"

#include <boost/json/serialize.hpp>

#include <fstream>

#include "environment.hpp"

namespace test_support {
namespace {

std::vector<std::string> with_secret(std::vector<std::string> sim_args, const std::string& secret) {
  sim_args.insert(sim_args.end(), {"--client-secret", secret});
  return sim_args;
}

}  // namespace

HostRig::HostRig(std::vector<std::string> sim_args, std::string client_secret)
    : client_secret_(std::move(client_secret)),
      sim_(with_secret(std::move(sim_args), client_secret_)) {
  std::filesystem::create_directories(manifests());
}

void HostRig::write_manifest(const std::string& file, const std::string& id, bool provisioning,
                             const boost::json::object& config) const {
  boost::json::object all{{"base_url", sim_.base_url()},
                          {"ca_file", test_ca_file()},
                          {"client_id", {{"env", "NINJAONE_CLIENT_ID"}}},
                          {"client_secret", {{"env", "NINJAONE_CLIENT_SECRET"}}},
                          {"scope", "monitoring management control"},
                          // The client's own rate limit would only slow the tests down.
                          {"requests_per_minute", 0}};
  for (const auto& field : config) all[field.key()] = field.value();
  const boost::json::object manifest{
      {"id", id},
      {"plugin", "ninjaone"},
      {"enabled", true},
      {"provisioning", {{"enabled", provisioning}, {"mode", "direct"}}},
      {"config", std::move(all)}};
  std::ofstream(manifests() / file) << boost::json::serialize(manifest);
}

ProcessResult HostRig::host(const std::vector<std::string>& args,
                            const std::vector<std::string>& options,
                            const std::map<std::string, std::string>& environment) const {
  std::vector<std::string> argv{required_env("CONNECTOR_HOST"),
                                "--plugins",
                                required_env("NINJAONE_PLUGIN_DIR"),
                                "--manifests",
                                manifests().string(),
                                "--state",
                                state().string(),
                                "-o",
                                "json"};
  argv.insert(argv.end(), options.begin(), options.end());
  argv.insert(argv.end(), args.begin(), args.end());
  std::map<std::string, std::string> variables{{"NINJAONE_CLIENT_ID", "sim-client"},
                                               {"NINJAONE_CLIENT_SECRET", client_secret_}};
  for (const char* proxy_variable :
       {"https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY"}) {
    variables[proxy_variable] = "";
  }
  for (const auto& [name, value] : environment) variables[name] = value;
  return run(argv, {.environment = std::move(variables)});
}

}  // namespace test_support
