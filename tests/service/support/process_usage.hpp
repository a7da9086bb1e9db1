// What a process (all its threads) cost the machine, read from /proc: to show that a
// server stays idle under a flood of connections without timing anything.
//
// CPU time alone is not enough on a loaded machine: a process spinning on a CPU it
// shares with ten others gets a tenth of it. Runnable time (on a CPU or waiting in
// the run queue for one, from schedstat) is near the wall time for a spinning
// process however loaded the machine, and near zero for one that sleeps.
#pragma once

#include <sys/types.h>

namespace service_tests {

struct ProcessUsage {
  double cpu_seconds = 0;       // user + system time (/proc/PID/stat)
  double runnable_seconds = 0;  // on a CPU or queued for one (/proc/PID/task/*/schedstat)
};

// Throws std::runtime_error when /proc cannot be read for `pid`.
ProcessUsage process_usage(pid_t pid);

}  // namespace service_tests
