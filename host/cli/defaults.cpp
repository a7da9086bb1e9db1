#include "cli/defaults.hpp"

#include <boost/dll/runtime_symbol_info.hpp>

#include <cstdlib>
#include <system_error>

namespace connector::host::cli {
namespace {

std::filesystem::path from_environment(const char* variable, std::filesystem::path fallback) {
  const char* value = std::getenv(variable);
  return value != nullptr && *value != '\0' ? std::filesystem::path(value) : fallback;
}

}  // namespace

std::filesystem::path default_plugins_dir() {
  if (const char* value = std::getenv("CONNECTOR_HOST_PLUGINS");
      value != nullptr && *value != '\0') {
    return value;
  }
  std::error_code ec;
  const std::filesystem::path executable = boost::dll::program_location(ec);
  if (ec) return "plugins";
  return (executable.parent_path() / ".." / "lib" / "connector-host" / "plugins")
      .lexically_normal();
}

std::filesystem::path default_manifests_dir() {
  return from_environment("CONNECTOR_HOST_MANIFESTS", built_in_manifests_dir());
}

std::filesystem::path default_state_dir() {
  return from_environment("CONNECTOR_HOST_STATE", built_in_state_dir());
}

std::filesystem::path built_in_manifests_dir() { return CONNECTOR_HOST_DEFAULT_MANIFESTS_DIR; }

std::filesystem::path built_in_state_dir() { return CONNECTOR_HOST_DEFAULT_STATE_DIR; }

}  // namespace connector::host::cli
