#include "worker_protocol/startup.hpp"

#include <charconv>
#include <stdexcept>
#include <string_view>

namespace connector::host::worker_protocol {
namespace {

std::uint64_t to_number(std::string_view name, std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw std::invalid_argument(std::string(name) + " expects a number, not '" + std::string(text) +
                                "'");
  }
  return value;
}

}  // namespace

std::vector<std::string> to_arguments(const WorkerStartup& startup) {
  std::vector<std::string> arguments{"--socket",      std::to_string(startup.socket),
                                     "--parent",      std::to_string(startup.parent),
                                     "--plugin",      startup.plugin_path,
                                     "--plugin-id",   startup.plugin_id,
                                     "--connector",   startup.connector_id,
                                     "--memory",      std::to_string(startup.memory_bytes),
                                     "--cpu-seconds", std::to_string(startup.cpu_seconds),
                                     "--open-files",  std::to_string(startup.open_files)};
  for (const auto& path : startup.readable) {
    arguments.emplace_back("--read");
    arguments.push_back(path);
  }
  for (const auto& path : startup.writable) {
    arguments.emplace_back("--write");
    arguments.push_back(path);
  }
  for (const auto& path : startup.writable_directories) {
    arguments.emplace_back("--write-dir");
    arguments.push_back(path);
  }
  return arguments;
}

WorkerStartup parse_arguments(int argc, const char* const* argv) {
  WorkerStartup startup;
  bool has_parent = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view name = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument(std::string(name) + " needs a value");
    const std::string_view value = argv[++i];
    if (name == "--socket") {
      startup.socket = static_cast<int>(to_number(name, value));
    } else if (name == "--parent") {
      startup.parent = static_cast<pid_t>(to_number(name, value));
      has_parent = true;
    } else if (name == "--plugin") {
      startup.plugin_path = value;
    } else if (name == "--plugin-id") {
      startup.plugin_id = value;
    } else if (name == "--connector") {
      startup.connector_id = value;
    } else if (name == "--memory") {
      startup.memory_bytes = to_number(name, value);
    } else if (name == "--cpu-seconds") {
      startup.cpu_seconds = to_number(name, value);
    } else if (name == "--open-files") {
      startup.open_files = to_number(name, value);
    } else if (name == "--read") {
      startup.readable.emplace_back(value);
    } else if (name == "--write") {
      startup.writable.emplace_back(value);
    } else if (name == "--write-dir") {
      startup.writable_directories.emplace_back(value);
    } else {
      throw std::invalid_argument("unknown argument '" + std::string(name) + "'");
    }
  }
  if (!has_parent || startup.plugin_path.empty() || startup.plugin_id.empty() ||
      startup.memory_bytes == 0 || startup.cpu_seconds == 0 || startup.open_files == 0) {
    throw std::invalid_argument(
        "--parent, --plugin, --plugin-id, --memory, --cpu-seconds and --open-files are required");
  }
  return startup;
}

}  // namespace connector::host::worker_protocol
