// The connector-host command line: global options, then one command and its options.
//
//   connector-host [--plugins DIR] [--manifests DIR] [--state DIR] [-o console|json]
//                  [--log-level L] [--timeout SECONDS] COMMAND [ARGS...]
//
// Global options may also follow the command. Every failure ends as one line
// "error: <reason>" on stderr and an exit code from common/error.hpp.
#pragma once

#include <ostream>

namespace connector::host::cli {

// Parses `argv`, runs the command, returns the process exit code. Never throws.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace connector::host::cli
