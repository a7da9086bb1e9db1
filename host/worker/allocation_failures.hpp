// Counts allocations that failed in this process: how the worker tells a plugin that
// ran into its memory limit (limits.memory) from one that failed for its own reasons.
//
// operator new asks the C++ runtime's new-handler before throwing std::bad_alloc;
// the worker's handler counts, then lets bad_alloc be thrown. Plugins share the
// worker's libstdc++, so their allocations go through it too.
#pragma once

#include <cstdint>

namespace connector::host::worker {

// Installs the counting new-handler. [main thread, before the plugin is loaded]
void count_allocation_failures();

// How many allocations failed so far. [thread-safe]
std::uint64_t allocation_failures() noexcept;

}  // namespace connector::host::worker
