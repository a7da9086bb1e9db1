// Reads and checks one manifest file's own fields (not yet its config: that needs
// the plugin's schema, see connector_catalog.hpp).
#pragma once

#include <filesystem>

#include "manifest/manifest.hpp"

namespace connector::host::manifest {

// Throws HostError (ExitCode::config) naming the file and, for syntax errors, the
// line and column ("manifests/x.json:3:14: syntax error: ..."), otherwise the field
// ("manifests/x.json: provisioning.enabled: expected true or false"). Unknown
// top-level fields are refused so that a typo cannot silently disable a setting.
Manifest read_manifest(const std::filesystem::path& file);

}  // namespace connector::host::manifest
