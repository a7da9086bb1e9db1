// Runs a program to completion and captures what it writes, for tests and the
// benchmark that drive command-line tools (connector-host, curl).
#ifndef NINJAONE_TEST_CHILD_PROCESS_HPP
#define NINJAONE_TEST_CHILD_PROCESS_HPP

#include <map>
#include <string>
#include <vector>

namespace ninjaone_test {

struct Captured {
  int exit_code = -1;  // -1: could not start, or killed by a signal
  std::string out;
  std::string err;
};

// Runs argv[0] (searched on PATH when it has no '/') with the current environment
// plus `extra_env`, and waits for it.
Captured run_capture(const std::vector<std::string>& argv,
                     const std::map<std::string, std::string>& extra_env = {});

}  // namespace ninjaone_test

#endif  // NINJAONE_TEST_CHILD_PROCESS_HPP
