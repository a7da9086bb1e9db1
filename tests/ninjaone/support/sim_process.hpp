// Runs the NinjaOne simulator (ninjaone-sim) as a child process over HTTPS with the
// test CA, on a free loopback port, and stops it when the object goes away.
#ifndef NINJAONE_TEST_SIM_PROCESS_HPP
#define NINJAONE_TEST_SIM_PROCESS_HPP

#include <boost/json/value.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

namespace ninjaone_test {

// Paths the test gets from CTest's environment: NINJAONE_SIM (the simulator binary),
// NINJAONE_PLUGIN (libconn_ninjaone.so), TEST_TLS_DIR (ca.pem, server.pem, server.key).
std::string required_env(const char* name);
std::string test_ca_file();

// A directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class SimProcess {
 public:
  // `args`: generator, faults etc. (eg: {"--seed","7","--technicians","5"}); listening,
  // TLS and the request log are added here.
  explicit SimProcess(std::vector<std::string> args);
  ~SimProcess();
  SimProcess(const SimProcess&) = delete;
  SimProcess& operator=(const SimProcess&) = delete;

  std::string base_url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  unsigned short port() const { return port_; }
  // Every request the simulator logged so far, one JSON object each
  // ({"method","path","query","status",...}).
  std::vector<boost::json::value> requests() const;

  // Runs the simulator with --dump-fixture and returns the tenant it would serve.
  static boost::json::value dump_fixture(const std::vector<std::string>& generator_args);

 private:
  TempDir dir_;
  pid_t pid_ = -1;
  unsigned short port_ = 0;
};

}  // namespace ninjaone_test

#endif  // NINJAONE_TEST_SIM_PROCESS_HPP
