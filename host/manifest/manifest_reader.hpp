// Reads and checks one manifest file's own fields (not yet its config: that needs
// the plugin's schema, see connector_catalog.hpp).
#pragma once

#include <filesystem>
#include <string_view>

#include "manifest/manifest.hpp"

namespace connector::host::manifest {

// Throws HostError (ExitCode::config) naming the file and, for syntax errors, the
// line and column ("manifests/x.json:3:14: syntax error: ..."), otherwise the field
// ("manifests/x.json: provisioning.enabled: expected true or false"). Unknown
// top-level fields are refused so that a typo cannot silently disable a setting.
// A string "<fill in: ...>" anywhere (manifest/placeholders.hpp) is refused with the
// path of every one ("manifests/x.json: still to fill in: config.client_id, ...").
Manifest read_manifest(const std::filesystem::path& file);

// One or more of a-z, 0-9 and '-': what a manifest's "id" may be.
bool is_connector_id(std::string_view id);

}  // namespace connector::host::manifest
