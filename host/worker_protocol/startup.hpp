// How connector-host starts connector-worker: the command line that carries what the
// worker needs before it can speak the protocol (which socket, which plugin, which
// limits and sandbox), written by the host and read by the worker.
//
//   connector-worker --socket 3 --parent 4242 --plugin /usr/lib/.../libconn_x.so
//       --plugin-id x --connector x-prod --memory 1073741824 --cpu-seconds 600
//       --open-files 1024 [--read PATH]... [--write PATH]... [--write-dir PATH]...
//
// Internal: the worker is not meant to be started by hand, and says so.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace connector::host::worker_protocol {

// The file descriptor the host gives the worker its end of the socket pair on.
inline constexpr int worker_socket_fd = 3;

struct WorkerStartup {
  int socket = worker_socket_fd;
  pid_t parent = 0;  // the host; the worker exits at once when its parent is another
  std::string plugin_path;
  std::string plugin_id;     // what the library must say it is
  std::string connector_id;  // for `ps` and the worker's own messages
  std::uint64_t memory_bytes = 0;
  std::uint64_t cpu_seconds = 0;
  std::uint64_t open_files = 0;
  // The sandbox (Landlock, where the kernel offers it): what the worker may read, the
  // few files it may also write (/dev/null), and directories it may write files in.
  std::vector<std::string> readable;
  std::vector<std::string> writable;
  std::vector<std::string> writable_directories;
};

// The arguments after argv[0].
std::vector<std::string> to_arguments(const WorkerStartup& startup);

// Throws std::invalid_argument naming the argument that is missing or wrong.
WorkerStartup parse_arguments(int argc, const char* const* argv);

}  // namespace connector::host::worker_protocol
