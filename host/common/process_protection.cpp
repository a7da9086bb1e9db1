#include "common/process_protection.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>

namespace connector::host {

std::optional<std::string> make_not_dumpable() {
  if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    return std::string("prctl(PR_SET_DUMPABLE, 0): ") + std::strerror(errno);
  return std::nullopt;
}

std::optional<std::string> protect_process_memory() {
  const rlimit no_core{0, 0};
  if (::setrlimit(RLIMIT_CORE, &no_core) != 0)
    return std::string("setrlimit(RLIMIT_CORE, 0): ") + std::strerror(errno);
  return make_not_dumpable();
}

}  // namespace connector::host
