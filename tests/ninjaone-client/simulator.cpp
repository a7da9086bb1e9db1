#include "simulator.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "client/connection.hpp"
#include "client/endpoint.hpp"
#include "client/tls_context.hpp"

extern char** environ;

namespace ninjaone::client::testing {

namespace fs = std::filesystem;
namespace http = boost::beast::http;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

std::string required_env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(std::string(name) + " is not set (run the test through CTest)");
  }
  return value;
}

fs::path make_temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "ninjaone-client-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

}  // namespace

fs::path Simulator::tls_dir() { return required_env("TEST_TLS_DIR"); }

Simulator::Simulator(std::vector<std::string> extra, bool tls) : dir_(make_temp_dir()), tls_(tls) {
  const fs::path port_file = dir_ / "port";
  std::vector<std::string> args = {required_env("NINJAONE_SIM"),
                                   "--listen",
                                   "127.0.0.1:0",
                                   "--port-file",
                                   port_file.string(),
                                   "--threads",
                                   "2"};
  if (tls) {
    args.insert(args.end(), {"--tls-cert", (tls_dir() / "server.pem").string(), "--tls-key",
                             (tls_dir() / "server.key").string()});
  }
  args.insert(args.end(), extra.begin(), extra.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
    throw std::runtime_error("cannot start " + args[0]);
  }
  // The simulator writes the port file atomically once it listens.
  for (int i = 0; i < 200 && port_ == 0; ++i) {
    std::ifstream in(port_file);
    unsigned port = 0;
    if (in >> port) port_ = static_cast<unsigned short>(port);
    if (port_ == 0) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("ninjaone-sim exited at start");
      }
      std::this_thread::sleep_for(50ms);
    }
  }
  if (port_ == 0) throw std::runtime_error("ninjaone-sim did not publish its port within 10 s");
}

Simulator::~Simulator() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    bool exited = false;
    for (int i = 0; i < 100 && !exited; ++i) {
      exited = waitpid(pid_, &status, WNOHANG) == pid_;
      if (!exited) std::this_thread::sleep_for(50ms);
    }
    if (!exited) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
  }
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

std::string Simulator::base_url() const {
  return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

ClientOptions Simulator::options() const {
  ClientOptions o;
  o.base_url = base_url();
  o.client_id = "sim-client";
  o.client_secret = "sim-secret";
  o.ca_file = (tls_dir() / "ca.pem").string();
  o.allow_insecure_http = !tls_;
  o.backoff_base = 5ms;
  o.backoff_max = 100ms;
  o.connect_timeout = 5s;
  o.request_timeout = 10s;
  o.requests_per_minute = 0;
  return o;
}

json::value Simulator::control(const std::string& method, const std::string& path,
                               const std::string& body) const {
  const Endpoint endpoint = parse_endpoint(base_url(), "simulator", true);
  Connection connection(endpoint,
                        tls_ ? make_tls_context((tls_dir() / "ca.pem").string()) : nullptr);
  connection.connect(5s);
  Connection::Request request{http::string_to_verb(method), path, 11};
  request.set(http::field::host, endpoint.host_header);
  if (!body.empty()) request.set(http::field::content_type, "application/json");
  request.body() = body;
  request.prepare_payload();
  connection.write(request, 5s);
  const unsigned status = connection.read_header(5s).result_int();
  std::string answer;
  char chunk[8192];
  for (std::size_t n; (n = connection.read_body(chunk, sizeof chunk, 5s)) != 0;)
    answer.append(chunk, n);
  if (status != 200) {
    throw std::runtime_error(method + " " + path + " answered " + std::to_string(status) + ": " +
                             answer);
  }
  return json::parse(answer);
}

json::object Simulator::stats() const { return control("GET", "/_sim/stats", "").as_object(); }
json::object Simulator::state() const { return control("GET", "/_sim/state", "").as_object(); }

void Simulator::set_faults(const std::string& spec) const {
  json::object body{{"spec", spec}};
  control("POST", "/_sim/faults", json::serialize(body));
}

void Simulator::revoke_tokens() const { control("POST", "/_sim/revoke-tokens", "{}"); }

std::uint64_t Simulator::count(const std::string& path, const std::string& status) const {
  const json::object s = stats();
  const json::value* by_status = s.at("by_path").as_object().if_contains(path);
  if (by_status == nullptr) return 0;
  const json::value* n = by_status->as_object().if_contains(status);
  return n == nullptr ? 0 : n->to_number<std::uint64_t>();
}

}  // namespace ninjaone::client::testing
