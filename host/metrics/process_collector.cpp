#include "metrics/process_collector.hpp"

#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace connector::host::service {
namespace {

std::optional<std::string> read_text(const char* path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<std::uint64_t> to_number(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const std::size_t start = text.find_first_not_of(" \t\n");
    if (start == std::string_view::npos) break;
    text.remove_prefix(start);
    const std::size_t end = std::min(text.find_first_of(" \t\n"), text.size());
    out.push_back(text.substr(0, end));
    text.remove_prefix(end);
  }
  return out;
}

// /proc/stat's "btime": the boot time, in seconds since the epoch.
std::optional<std::uint64_t> boot_time() {
  const auto stat = read_text("/proc/stat");
  if (!stat) return std::nullopt;
  std::istringstream lines(*stat);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("btime ")) return to_number(std::string_view(line).substr(6));
  }
  return std::nullopt;
}

std::optional<std::uint64_t> open_fds() {
  std::error_code ec;
  std::uint64_t count = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
       it.increment(ec)) {
    ++count;
  }
  if (ec) return std::nullopt;
  return count;
}

void declare_process_metrics(MetricsRegistry& metrics) {
  metrics.declare("process_resident_memory_bytes", MetricType::gauge,
                  "Resident memory size in bytes.");
  metrics.declare("process_virtual_memory_bytes", MetricType::gauge,
                  "Virtual memory size in bytes.");
  metrics.declare("process_cpu_seconds_total", MetricType::counter,
                  "Total user and system CPU time spent in seconds.");
  metrics.declare("process_start_time_seconds", MetricType::gauge,
                  "Start time of the process since unix epoch in seconds.");
  metrics.declare("process_open_fds", MetricType::gauge, "Number of open file descriptors.");
  metrics.declare("process_max_fds", MetricType::gauge, "Maximum number of open file descriptors.");
}

}  // namespace

std::optional<ProcessStat> parse_process_stat(std::string_view text) {
  // "PID (COMMAND) STATE PPID ...": the command ends at the LAST ')'.
  const std::size_t close = text.rfind(')');
  if (close == std::string_view::npos) return std::nullopt;
  const std::vector<std::string_view> fields = words(text.substr(close + 1));
  // fields[0] is field 3 of proc(5) (state); field N is fields[N - 3].
  constexpr std::size_t utime = 14 - 3, stime = 15 - 3, starttime = 22 - 3, vsize = 23 - 3,
                        rss = 24 - 3;
  if (fields.size() <= rss) return std::nullopt;
  const auto user = to_number(fields[utime]);
  const auto system = to_number(fields[stime]);
  const auto start = to_number(fields[starttime]);
  const auto virtual_bytes = to_number(fields[vsize]);
  const auto resident = to_number(fields[rss]);
  if (!user || !system || !start || !virtual_bytes || !resident) return std::nullopt;
  return ProcessStat{*user, *system, *start, *virtual_bytes, *resident};
}

std::optional<std::uint64_t> parse_max_open_files(std::string_view limits) {
  constexpr std::string_view row = "Max open files";
  const std::size_t at = limits.find(row);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = limits.substr(at + row.size());
  rest = rest.substr(0, rest.find('\n'));
  const std::vector<std::string_view> columns = words(rest);  // soft, hard, units
  if (columns.empty()) return std::nullopt;
  return to_number(columns.front());
}

void collect_process_metrics(MetricsRegistry& metrics) noexcept {
  try {
    declare_process_metrics(metrics);
    const long ticks_per_second = sysconf(_SC_CLK_TCK);
    const long page_size = sysconf(_SC_PAGESIZE);
    const auto stat_text = read_text("/proc/self/stat");
    const auto stat = stat_text ? parse_process_stat(*stat_text) : std::nullopt;
    if (stat && ticks_per_second > 0 && page_size > 0) {
      const auto ticks = static_cast<double>(ticks_per_second);
      metrics.set("process_resident_memory_bytes", {},
                  static_cast<double>(stat->resident_pages) * static_cast<double>(page_size));
      metrics.set("process_virtual_memory_bytes", {}, static_cast<double>(stat->virtual_bytes));
      metrics.set_total("process_cpu_seconds_total", {},
                        static_cast<double>(stat->user_ticks + stat->system_ticks) / ticks);
      if (const auto boot = boot_time()) {
        metrics.set("process_start_time_seconds", {},
                    static_cast<double>(*boot) + static_cast<double>(stat->start_ticks) / ticks);
      }
    }
    if (const auto fds = open_fds()) metrics.set("process_open_fds", {}, static_cast<double>(*fds));
    const auto limits = read_text("/proc/self/limits");
    if (const auto max_fds = limits ? parse_max_open_files(*limits) : std::nullopt) {
      metrics.set("process_max_fds", {}, static_cast<double>(*max_fds));
    }
  } catch (...) {
    // A scrape must still answer; the series keep their last values.
  }
}

}  // namespace connector::host::service
