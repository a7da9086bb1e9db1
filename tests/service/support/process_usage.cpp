#include "support/process_usage.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace service_tests {

ProcessUsage process_usage(pid_t pid) {
  const std::filesystem::path proc = "/proc/" + std::to_string(pid);
  std::ifstream stat_file(proc / "stat");
  std::string stat;
  if (!std::getline(stat_file, stat)) throw std::runtime_error("cannot read " + proc.string());
  // Fields after the command name (which may hold spaces), from field 3 (state) on.
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int number = 3; fields >> field; ++number) {
    if (number == 14) utime = std::stoull(field);
    if (number == 15) {
      stime = std::stoull(field);
      break;
    }
  }
  ProcessUsage usage;
  usage.cpu_seconds =
      static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
  for (const auto& task : std::filesystem::directory_iterator(proc / "task")) {
    std::ifstream schedstat(task.path() / "schedstat");
    unsigned long long on_cpu_ns = 0, waiting_ns = 0;
    if (schedstat >> on_cpu_ns >> waiting_ns)
      usage.runnable_seconds += static_cast<double>(on_cpu_ns + waiting_ns) / 1e9;
  }
  return usage;
}

}  // namespace service_tests
