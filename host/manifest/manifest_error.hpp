// Errors about a manifest: they always name the file, and the field when there is one.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace connector::host::manifest {

// "manifests/x.json: provisioning.enabled: expected true or false"
HostError manifest_error(const std::filesystem::path& file, std::string_view field,
                         std::string_view message);

// "connector 'x' (manifests/x.json): config.base_url: ..." once the id is known.
HostError connector_error(std::string_view connector_id, const std::filesystem::path& file,
                          std::string_view field, std::string_view message);

}  // namespace connector::host::manifest
