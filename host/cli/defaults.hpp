// Where the host looks when a directory option is not given.
#pragma once

#include <filesystem>

namespace connector::host::cli {

// $CONNECTOR_HOST_PLUGINS, else <directory of the executable>/../lib/connector-host/plugins
// (the installed layout: bin/connector-host next to lib/connector-host/plugins).
std::filesystem::path default_plugins_dir();
// $CONNECTOR_HOST_MANIFESTS, else ./manifests
std::filesystem::path default_manifests_dir();
// $CONNECTOR_HOST_STATE, else ./state
std::filesystem::path default_state_dir();

}  // namespace connector::host::cli
