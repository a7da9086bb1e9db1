#include "manifest/manifest_error.hpp"

namespace connector::host::manifest {
namespace {

std::string field_and_message(std::string_view field, std::string_view message) {
  std::string text;
  if (!field.empty()) text.append(field).append(": ");
  return text.append(message);
}

}  // namespace

HostError manifest_error(const std::filesystem::path& file, std::string_view field,
                         std::string_view message) {
  return HostError(ExitCode::config, file.string() + ": " + field_and_message(field, message));
}

HostError connector_error(std::string_view connector_id, const std::filesystem::path& file,
                          std::string_view field, std::string_view message) {
  return HostError(ExitCode::config, "connector '" + std::string(connector_id) + "' (" +
                                         file.string() + "): " + field_and_message(field, message));
}

}  // namespace connector::host::manifest
