#include "support/sim_process.hpp"

#include <boost/json/parse.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

namespace ninjaone_test {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

pid_t spawn(const std::vector<std::string>& argv) {
  std::vector<char*> raw;
  for (const auto& arg : argv) raw.push_back(const_cast<char*>(arg.c_str()));
  raw.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, raw[0], nullptr, nullptr, raw.data(), environ) != 0) {
    throw std::runtime_error("cannot start " + argv[0]);
  }
  return pid;
}

// Waits for `pid` up to `limit`; true when it exited (and was reaped).
bool wait_exit(pid_t pid, std::chrono::milliseconds limit, int* status = nullptr) {
  const auto until = std::chrono::steady_clock::now() + limit;
  int local = 0;
  while (std::chrono::steady_clock::now() < until) {
    if (waitpid(pid, status ? status : &local, WNOHANG) == pid) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

}  // namespace

std::string required_env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(std::string(name) + " is not set (run the test through ctest)");
  }
  return value;
}

std::string test_ca_file() { return required_env("TEST_TLS_DIR") + "/ca.pem"; }

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "ninjaone-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

SimProcess::SimProcess(std::vector<std::string> args) {
  const std::string tls = required_env("TEST_TLS_DIR");
  const auto port_file = dir_.path() / "port";
  std::vector<std::string> argv{required_env("NINJAONE_SIM"),
                                "--listen",
                                "127.0.0.1:0",
                                "--port-file",
                                port_file.string(),
                                "--tls-cert",
                                tls + "/server.pem",
                                "--tls-key",
                                tls + "/server.key",
                                "--request-log",
                                (dir_.path() / "requests.jsonl").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  pid_ = spawn(argv);
  // The port file is written (atomically) once the simulator listens; a large
  // generated tenant takes a while to build.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < until) {
    const std::string text = read_file(port_file);
    if (!text.empty()) {
      port_ = static_cast<unsigned short>(std::stoi(text));
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("ninjaone-sim exited before listening");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw std::runtime_error("ninjaone-sim did not publish its port within 60 s");
}

SimProcess::~SimProcess() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  if (!wait_exit(pid_, std::chrono::seconds(5))) {
    kill(pid_, SIGKILL);
    wait_exit(pid_, std::chrono::seconds(5));
  }
}

std::vector<boost::json::value> SimProcess::requests() const {
  std::vector<boost::json::value> lines;
  std::istringstream text(read_file(dir_.path() / "requests.jsonl"));
  for (std::string line; std::getline(text, line);) {
    if (!line.empty()) lines.push_back(boost::json::parse(line));
  }
  return lines;
}

boost::json::value SimProcess::dump_fixture(const std::vector<std::string>& generator_args) {
  TempDir dir;
  const auto file = dir.path() / "fixture.json";
  std::vector<std::string> argv{required_env("NINJAONE_SIM"), "--dump-fixture", file.string()};
  argv.insert(argv.end(), generator_args.begin(), generator_args.end());
  const pid_t pid = spawn(argv);
  int status = 0;
  if (!wait_exit(pid, std::chrono::seconds(60), &status) || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    throw std::runtime_error("ninjaone-sim --dump-fixture failed");
  }
  return boost::json::parse(read_file(file));
}

}  // namespace ninjaone_test
