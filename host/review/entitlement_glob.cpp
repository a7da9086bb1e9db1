#include "review/entitlement_glob.hpp"

#include <fnmatch.h>

#include "common/error.hpp"

namespace connector::host::review {

bool in_scope(const std::vector<std::string>& globs, std::string_view entitlement) {
  if (globs.empty()) return true;
  const std::string id(entitlement);
  for (const std::string& glob : globs) {
    if (::fnmatch(glob.c_str(), id.c_str(), 0) == 0) return true;
  }
  return false;
}

void check_globs(const std::vector<std::string>& globs) {
  for (const std::string& glob : globs) {
    if (glob.empty()) throw HostError(ExitCode::usage, "--entitlement: an empty glob");
    const std::size_t open = glob.rfind('[');
    if (open != std::string::npos && glob.find(']', open + 1) == std::string::npos) {
      throw HostError(ExitCode::usage,
                      "--entitlement: '" + glob + "' opens a [set] it does not close");
    }
  }
}

}  // namespace connector::host::review
