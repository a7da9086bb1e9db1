// Keeps what a process holds in memory (client secrets, tokens) from leaving it
// through a core dump or another process of the same user (issue 20, item 8).
#pragma once

#include <optional>
#include <string>

namespace connector::host {

// Not dumpable (PR_SET_DUMPABLE 0): no core file whatever the limit, and ptrace
// attach and /proc/PID/{mem,environ,maps} are left to root. An exec resets it, so
// each program sets it for itself: connector-worker calls this first (its resource
// limits, sandbox/resource_limits.hpp, already set RLIMIT_CORE to 0). A debugger
// still works when it starts the process (gdb --args). Returns what failed, eg:
// "prctl(PR_SET_DUMPABLE, 0): Invalid argument"; nullopt when it held.
// [main thread, before any other thread starts]
std::optional<std::string> make_not_dumpable();

// No core file (RLIMIT_CORE soft and hard 0: a process cannot raise it again, and
// the worker processes inherit it) and make_not_dumpable(). connector-host's main
// calls it first, before any secret is read. Returns what failed; nullopt when both
// held. [main thread, before any other thread starts]
std::optional<std::string> protect_process_memory();

}  // namespace connector::host
