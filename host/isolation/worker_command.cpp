#include "isolation/worker_command.hpp"

#include <unistd.h>

#include <array>
#include <cstdlib>
#include <string_view>
#include <system_error>

#include "common/error.hpp"

extern char** environ;

namespace connector::host::isolation {
namespace {

constexpr std::string_view executable_name = "connector-worker";

// Passed on by name; LC_* by prefix.
constexpr std::array<std::string_view, 16> passed_on{
    "PATH",         "LANG",        "LANGUAGE",        "TZ",           "SSL_CERT_FILE",
    "SSL_CERT_DIR", "HTTPS_PROXY", "https_proxy",     "HTTP_PROXY",   "http_proxy",
    "NO_PROXY",     "no_proxy",    "LD_LIBRARY_PATH", "ASAN_OPTIONS", "UBSAN_OPTIONS",
    "TSAN_OPTIONS"};

bool is_passed_on(std::string_view name) {
  if (name.substr(0, 3) == "LC_" || name == "LSAN_OPTIONS") return true;
  for (const std::string_view kept : passed_on) {
    if (name == kept) return true;
  }
  return false;
}

bool is_executable(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

}  // namespace

std::filesystem::path worker_executable() {
  if (const char* chosen = std::getenv("CONNECTOR_WORKER"); chosen != nullptr && *chosen != '\0') {
    if (!is_executable(chosen)) {
      throw HostError(ExitCode::plugin_load, std::string("CONNECTOR_WORKER names ") + chosen +
                                                 ", which is not an executable file");
    }
    return chosen;
  }
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::filesystem::path directory = self.parent_path();
  const std::filesystem::path beside = directory / executable_name;
  const std::filesystem::path installed =
      directory.parent_path() / "libexec" / "connector-host" / executable_name;
  for (const auto& candidate : {beside, installed}) {
    if (!ec && is_executable(candidate)) return candidate;
  }
  throw HostError(ExitCode::plugin_load,
                  "cannot find connector-worker, which runs plugins in their own process (looked "
                  "for " +
                      beside.string() + " and " + installed.string() +
                      "; CONNECTOR_WORKER may name it, or a manifest may choose \"isolation\": "
                      "\"in-process\")");
}

std::vector<std::string> worker_environment() {
  std::vector<std::string> kept;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view variable(*entry);
    const auto equals = variable.find('=');
    if (equals != std::string_view::npos && is_passed_on(variable.substr(0, equals)))
      kept.emplace_back(variable);
  }
  return kept;
}

}  // namespace connector::host::isolation
