// Where the host looks when a directory option is not given.
#pragma once

#include <filesystem>

namespace connector::host::cli {

// $CONNECTOR_HOST_PLUGINS, else <directory of the executable>/../lib/connector-host/plugins
// (the installed layout: bin/connector-host next to lib/connector-host/plugins).
std::filesystem::path default_plugins_dir();
// $CONNECTOR_HOST_MANIFESTS, else built_in_manifests_dir()
std::filesystem::path default_manifests_dir();
// $CONNECTOR_HOST_STATE, else built_in_state_dir()
std::filesystem::path default_state_dir();

// The fallbacks the build configured (CONNECTOR_HOST_DEFAULT_MANIFESTS_DIR and
// _STATE_DIR): "manifests" and "state", relative to the working directory, or for a
// package /etc/connector-host/manifests and /var/lib/connector-host.
std::filesystem::path built_in_manifests_dir();
std::filesystem::path built_in_state_dir();

}  // namespace connector::host::cli
