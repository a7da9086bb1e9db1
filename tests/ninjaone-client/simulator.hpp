// Runs the real NinjaOne simulator (ninjaone-sim) for one test: on 127.0.0.1 with a
// free port read back from its port file, over HTTPS with the test CA's server
// certificate, stopped when the object goes. The binary and the certificate folder
// come from the environment CTest sets (NINJAONE_SIM, TEST_TLS_DIR).
#pragma once

#include <sys/types.h>

#include <boost/json/object.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "client/client_options.hpp"

namespace ninjaone::client::testing {

class Simulator {
 public:
  // `extra` is appended to the command line, e.g. {"--token-ttl", "2"}.
  explicit Simulator(std::vector<std::string> extra = {}, bool tls = true);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  std::string base_url() const;
  // Options that reach this simulator with its default credentials and the test CA,
  // with short backoffs so retries do not slow the tests down.
  ClientOptions options() const;

  // The control API (/_sim/...), reached with a separate plain client.
  boost::json::object stats() const;
  boost::json::object state() const;
  void set_faults(const std::string& spec) const;
  void revoke_tokens() const;
  // How many requests the simulator logged for `path` with `status` ("0": closed
  // without an answer), from /_sim/stats.
  std::uint64_t count(const std::string& path, const std::string& status) const;

  static std::filesystem::path tls_dir();

 private:
  boost::json::value control(const std::string& method, const std::string& path,
                             const std::string& body) const;

  std::filesystem::path dir_;
  pid_t pid_ = -1;
  unsigned short port_ = 0;
  bool tls_;
};

}  // namespace ninjaone::client::testing
