#include "commands/provisioning.hpp"

#include "common/error.hpp"

namespace connector::host::commands {

void require_provisioning(const manifest::ConnectorConfig& connector, std::string_view command) {
  const auto& manifest = connector.manifest;
  if (manifest.provisioning.enabled) return;
  throw HostError(ExitCode::provisioning_refused,
                  "connector '" + manifest.id +
                      "': provisioning is disabled; set \"provisioning\": {\"enabled\": true} in " +
                      manifest.file.string() + " to allow " + std::string(command));
}

std::pair<std::string, std::string> split_grant_id(std::string_view grant_id) {
  const std::size_t last = grant_id.rfind(':');
  const std::size_t second_last = last == std::string_view::npos || last == 0
                                      ? std::string_view::npos
                                      : grant_id.rfind(':', last - 1);
  if (second_last == std::string_view::npos || second_last == 0 || last + 1 == grant_id.size() ||
      last == second_last + 1) {
    throw HostError(ExitCode::usage,
                    "grant id '" + std::string(grant_id) +
                        "' is not ENTITLEMENT_ID:TYPE:ID (eg: role:7:member:user:101)");
  }
  return {std::string(grant_id.substr(0, second_last)),
          std::string(grant_id.substr(second_last + 1))};
}

}  // namespace connector::host::commands
