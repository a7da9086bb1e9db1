// The one error type the host reports to its user, and the exit codes it maps to.
//
// Every failure that ends a command becomes a HostError carrying the exit code of
// its category and a one-line message that names the cause (the file, the field, the
// plugin). The CLI prints it as "error: <message>" on stderr and exits with the code.
#pragma once

#include <stdexcept>
#include <string>

namespace connector::host {

// Exit codes, documented in `connector-host --help`. Distinct per category so that
// scripts can tell a typo in a manifest from a remote service being down.
enum class ExitCode : int {
  ok = 0,
  internal = 1,              // a bug in the host itself
  usage = 2,                 // bad command line
  config = 3,                // a manifest or its config is invalid, a secret is missing
  plugin_load = 4,           // the plugin a connector needs could not be loaded
  plugin_call = 5,           // the plugin answered an operation with an error
  provisioning_refused = 6,  // the manifest does not enable provisioning
  state = 7,                 // the state directory could not be read or written
  deadline = 124,            // --timeout passed (same code as coreutils' timeout)
  cancelled = 130,           // SIGINT (128 + 2); SIGTERM exits with 143 (128 + 15)
};

class HostError : public std::runtime_error {
 public:
  HostError(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const noexcept { return code_; }

 private:
  ExitCode code_;
};

// The text of --help's "Exit status" section, one line per code.
const char* exit_code_help();

}  // namespace connector::host
