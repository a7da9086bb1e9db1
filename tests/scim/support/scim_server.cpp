#include "support/scim_server.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <csignal>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "support/environment.hpp"

namespace scim_test {

namespace json = boost::json;
using namespace std::chrono_literals;

ScimServer::ScimServer(std::vector<std::string> args) {
  const auto port_file = dir_ / "port";
  std::vector<std::string> argv{test_support::required_env("NODE"),
                                test_support::required_env("SCIM_SERVER_SCRIPT"), "--port-file",
                                port_file.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  process_ = std::make_unique<test_support::ChildProcess>(argv);
  for (auto waited = 0ms; waited < 30s; waited += 50ms) {
    if (std::ifstream in(port_file); in >> port_) return;
    if (!process_->running())
      throw std::runtime_error("the SCIM test server exited: " + process_->err());
    std::this_thread::sleep_for(50ms);
  }
  throw std::runtime_error("the SCIM test server did not start within 30 s");
}

ScimServer::~ScimServer() {
  if (process_->running()) {
    process_->send_signal(SIGTERM);
    process_->wait(5s);  // the ChildProcess kills it if it is still there
  }
}

std::string ScimServer::origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
std::string ScimServer::base_url() const { return origin() + "/scim/v2"; }

std::string ScimServer::control(const std::string& method, const std::string& path,
                                const std::string& body) const {
  std::vector<std::string> argv{"curl", "-sS", "--fail", "-X", method, origin() + path};
  if (!body.empty()) argv.insert(argv.end(), {"-H", "Content-Type: application/json", "-d", body});
  const auto result = test_support::run(argv, {}, 30s);
  if (result.exit_code != 0)
    throw std::runtime_error(method + " " + path + " failed: " + result.err);
  return result.out;
}

json::array ScimServer::requests() const {
  return json::parse(control("GET", "/_test/requests")).as_array();
}

std::size_t ScimServer::count(const std::string& method, const std::string& path) const {
  std::size_t n = 0;
  for (const json::value& r : requests()) {
    const auto& o = r.as_object();
    if (o.at("method").as_string() == method && o.at("path").as_string().starts_with(path)) ++n;
  }
  return n;
}

json::object ScimServer::state() const {
  return json::parse(control("GET", "/_test/state")).as_object();
}

void ScimServer::set_faults(const json::array& faults) const {
  control("POST", "/_test/faults", json::serialize(json::object{{"faults", faults}}));
}

void ScimServer::revoke_tokens() const { control("POST", "/_test/revoke-tokens"); }

}  // namespace scim_test
