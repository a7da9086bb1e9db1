#include "common/error.hpp"

namespace connector::host {

const char* exit_code_help() {
  return "Exit status:\n"
         "  0    success\n"
         "  1    internal error in the host\n"
         "  2    usage error (unknown command, bad option)\n"
         "  3    manifest or connector config invalid, secret not resolvable\n"
         "  4    plugin not loaded (missing, wrong ABI, bad descriptor)\n"
         "  5    the plugin call failed (its status and message are printed)\n"
         "  6    provisioning disabled by the connector's manifest\n"
         "  7    state directory not readable or writable\n"
         "  124  --timeout passed\n"
         "  130  interrupted (SIGINT); 143 for SIGTERM\n";
}

}  // namespace connector::host
