// The host's own version, reported to plugins (conn_host.version) and by --version.
#pragma once

namespace connector::host {

inline constexpr const char* host_version = CONNECTOR_HOST_VERSION;

}  // namespace connector::host
