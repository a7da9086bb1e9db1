// Runs the NinjaOne simulator (ninjaone-sim) for one test: on 127.0.0.1 with a free
// port read back from its port file, by default over HTTPS with the test CA's
// server certificate and with a request log, stopped (SIGTERM, then SIGKILL after
// 5 s) when the object goes. The binary and the certificate folder come from the
// environment CTest sets: NINJAONE_SIM and TEST_TLS_DIR (ca.pem, server.pem,
// server.key; see tests/tls).
//
// It also reaches the simulator's control API (/_sim/...: stats, state, faults,
// token revocation) with a plain Boost.Beast client of its own, one connection per
// call, so no suite needs the NinjaOne plugin's client to steer the simulator.
#pragma once

#include <sys/types.h>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "temp_dir.hpp"

namespace test_support {

// TEST_TLS_DIR, and the test CA's certificate in it (what clients trust).
std::filesystem::path tls_dir();
std::string test_ca_file();

struct SimulatorOptions {
  // HTTPS with TEST_TLS_DIR's server.pem and server.key; false: plain HTTP.
  bool tls = true;
  // --request-log into the simulator's own directory, read by requests().
  bool request_log = true;
};

class Simulator {
 public:
  // `args` is appended to the command line: generator, faults, credentials... (eg:
  // {"--seed", "7", "--technicians", "5"}). Waits up to 60 s for the port (a large
  // generated tenant takes a while to build); throws when the simulator exits first.
  explicit Simulator(std::vector<std::string> args = {}, SimulatorOptions options = {});
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  std::string base_url() const;  // https://127.0.0.1:PORT (http:// without TLS)
  unsigned short port() const { return port_; }
  pid_t pid() const { return process_->pid(); }
  bool tls() const { return options_.tls; }

  // Every request the simulator logged so far, one JSON object each
  // ({"method","path","query","status",...}); needs the request log.
  std::vector<boost::json::value> requests() const;

  // The control API.
  boost::json::object stats() const;               // GET /_sim/stats
  boost::json::object state() const;               // GET /_sim/state: the tenant as it is now
  void set_faults(const std::string& spec) const;  // POST /_sim/faults; "" turns them off
  void revoke_tokens() const;                      // POST /_sim/revoke-tokens
  // An access token from the OAuth endpoint (client credentials), for tests that
  // hand a client a static bearer token. Scopes are space-free names joined by '+'.
  std::string access_token(const std::string& client_id, const std::string& client_secret,
                           const std::string& scope) const;
  // How many requests the simulator logged for `path` with `status` ("0": closed
  // without an answer), from /_sim/stats.
  std::uint64_t count(const std::string& path, const std::string& status) const;

  // Runs the simulator with --dump-fixture and returns the tenant it would serve
  // with these generator flags.
  static boost::json::value dump_fixture(const std::vector<std::string>& generator_args);

 private:
  // `method` `path` with `body` (JSON when not empty); the parsed answer. Throws on
  // any status but 200.
  boost::json::value control(const std::string& method, const std::string& path,
                             const std::string& body,
                             const std::string& content_type = "application/json") const;

  SimulatorOptions options_;
  TempDir dir_;  // port file and request log
  std::unique_ptr<ChildProcess> process_;
  unsigned short port_ = 0;
};

// Runs the simulator with `args` to completion (at most 60 s) and returns its exit
// status, e.g. for --dump-fixture.
int run_simulator(const std::vector<std::string>& args);

}  // namespace test_support
