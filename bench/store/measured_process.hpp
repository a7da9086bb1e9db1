// Runs a program to completion and measures it from outside: wall time, CPU time
// (user + system) and peak RSS, from wait4's rusage, so a child's figures are its
// own and nothing of the bench is counted.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace store_bench {

struct Measured {
  int exit_code = -1;  // 128 + signal when a signal ended it
  double wall_seconds = 0;
  double cpu_seconds = 0;
  double peak_rss_mib = 0;
  std::string out;  // stdout, when asked for
};

// Runs `argv` (argv[0] a path) with `environment` added; stdout is kept when
// `keep_stdout`, else thrown away like stderr (which goes to `stderr_file` if set).
Measured run_measured(const std::vector<std::string>& argv,
                      const std::map<std::string, std::string>& environment = {},
                      bool keep_stdout = false, const std::string& stderr_file = "");

}  // namespace store_bench
