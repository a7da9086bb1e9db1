// The host's own version (the project's VERSION), reported to plugins
// (conn_host.version), by --version and in /metrics (connector_host_build_info).
#pragma once

namespace connector::host {

// Defined in version.cpp alone, so that a new version compiles one file.
extern const char* const host_version;

}  // namespace connector::host
