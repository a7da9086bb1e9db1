// Where connector-worker is, and the environment it gets.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace connector::host::isolation {

// The connector-worker executable: $CONNECTOR_WORKER when set (tests, benchmarks and
// development trees), else beside this process's executable (a build tree), else
// <prefix>/libexec/connector-host/connector-worker for a host installed as
// <prefix>/bin/connector-host. Throws HostError (plugin_load) naming the places
// looked at when none holds it.
std::filesystem::path worker_executable();

// The worker's environment: only what a plugin may need from the host's (locale,
// time zone, TLS trust settings, HTTP proxies, library path, sanitizer options),
// never the rest: the host's environment holds every connector's secrets
// ({"env": NAME} references), and a plugin gets its own through its config.
std::vector<std::string> worker_environment();

}  // namespace connector::host::isolation
