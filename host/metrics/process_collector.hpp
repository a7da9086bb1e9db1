// The standard process metrics every Prometheus client library exports, read from
// /proc/self the way the Python and Go clients read them:
//   process_resident_memory_bytes   gauge    /proc/self/stat rss × page size
//   process_virtual_memory_bytes    gauge    /proc/self/stat vsize
//   process_cpu_seconds_total       counter  /proc/self/stat utime + stime, in clock ticks
//   process_start_time_seconds      gauge    /proc/stat btime + /proc/self/stat starttime
//   process_open_fds                gauge    the entries of /proc/self/fd
//   process_max_fds                 gauge    /proc/self/limits "Max open files", soft limit
// A file that cannot be read leaves its series out, as those clients do.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "metrics/metrics_registry.hpp"

namespace connector::host::service {

// The fields of /proc/PID/stat the metrics need, in the kernel's units.
struct ProcessStat {
  std::uint64_t user_ticks = 0;
  std::uint64_t system_ticks = 0;
  std::uint64_t start_ticks = 0;  // after boot
  std::uint64_t virtual_bytes = 0;
  std::uint64_t resident_pages = 0;
};

// Parses one /proc/PID/stat line; the command name may hold spaces and parentheses.
std::optional<ProcessStat> parse_process_stat(std::string_view text);

// The soft "Max open files" limit of a /proc/PID/limits text; nullopt when "unlimited"
// or absent.
std::optional<std::uint64_t> parse_max_open_files(std::string_view limits);

// Declares the families above in `metrics` and sets them from /proc/self. A
// MetricsRegistry::Collector; never throws.
void collect_process_metrics(MetricsRegistry& metrics) noexcept;

}  // namespace connector::host::service
