#include "sandbox/resource_limits.hpp"

#include <sys/resource.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace connector::host::sandbox {
namespace {

// AddressSanitizer and ThreadSanitizer reserve terabytes of shadow memory up front.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool memory_limit_breaks_the_build = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool memory_limit_breaks_the_build = true;
#else
constexpr bool memory_limit_breaks_the_build = false;
#endif
#else
constexpr bool memory_limit_breaks_the_build = false;
#endif

// Sent SIGXCPU at the soft limit; the hard limit, this much later, is SIGKILL.
constexpr rlim_t cpu_grace_seconds = 5;

void set(int resource, rlim_t soft, rlim_t hard, const char* what) {
  const rlimit limit{soft, hard};
  if (::setrlimit(resource, &limit) != 0) {
    throw std::system_error(errno, std::generic_category(),
                            std::string("cannot set the worker's ") + what);
  }
}

}  // namespace

bool apply_resource_limits(const ResourceLimits& limits) {
  if (!memory_limit_breaks_the_build) {
    set(RLIMIT_DATA, limits.memory_bytes, limits.memory_bytes, "memory limit (limits.memory)");
  }
  set(RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + cpu_grace_seconds,
      "CPU limit (limits.cpu_seconds)");
  set(RLIMIT_NOFILE, limits.open_files, limits.open_files, "open file limit (limits.open_files)");
  set(RLIMIT_CORE, 0, 0, "core file limit");
  return !memory_limit_breaks_the_build;
}

}  // namespace connector::host::sandbox
