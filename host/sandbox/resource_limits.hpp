// The resource limits of a worker process, set with setrlimit(2) on itself before it
// loads its plugin.
#pragma once

#include <cstdint>

namespace connector::host::sandbox {

struct ResourceLimits {
  // RLIMIT_DATA: the process's private writable memory (heap, anonymous mappings,
  // thread stacks). Allocations past it fail, so the plugin's call fails rather than
  // the machine running out of memory.
  std::uint64_t memory_bytes = 0;
  // RLIMIT_CPU: CPU seconds over the process's life. SIGXCPU at the limit, SIGKILL a
  // few seconds later.
  std::uint64_t cpu_seconds = 0;
  // RLIMIT_NOFILE: one more than the highest file descriptor it may open.
  std::uint64_t open_files = 0;
};

// Sets the limits above, and RLIMIT_CORE to 0: a crashed plugin's memory holds its
// connector's secrets and must not land in a core file. Throws std::system_error
// naming the limit the system refused (eg: open_files above the host's hard limit).
// Returns false when it left memory unlimited: a sanitizer build reserves terabytes
// of shadow memory, which any memory limit would break.
bool apply_resource_limits(const ResourceLimits& limits);

}  // namespace connector::host::sandbox
