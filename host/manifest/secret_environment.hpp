// The environment variables that secret references ({"env": NAME}) read, taken out of
// the process environment once the connectors are loaded (issue 20, item 8): a child
// process does not inherit them, and a plugin's getenv does not find them.
//
// secret_variable(NAME) reads NAME and keeps its value in memory; a later read of a
// name that remove_secret_variables() took away (a SIGHUP reload) answers the kept
// value. That is the value the environment would still hold: nothing outside a
// process can change its environment. A name set again inside the process is read
// afresh; one the process unset by other means is not set. /proc/PID/environ keeps showing the
// environment the process was started with (the kernel's copy), to root only once the process is
// not dumpable (common/process_protection.hpp).
#pragma once

#include <optional>
#include <string>

namespace connector::host::manifest {

// NAME's value: the environment's, else the one kept when remove_secret_variables()
// took NAME away; nullopt when neither. [thread-safe]
std::optional<std::string> secret_variable(const std::string& name);

// Unsets every variable secret_variable() has read that is still set. POSIX's
// unsetenv may not run while another thread reads the environment (getenv, which
// plugins and OpenSSL call), so call it only while the process has one thread at
// work: the CLI once its connectors are loaded, the service before its scheduler
// and HTTP server start. A variable first read on a later reload therefore stays
// set until the process ends. [main thread, while no other thread runs]
void remove_secret_variables();

}  // namespace connector::host::manifest
