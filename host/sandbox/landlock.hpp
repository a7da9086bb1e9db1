// Landlock (Linux 5.13+): an unprivileged process restricts which files it, and every
// process it starts, may open. connector-worker uses it to confine a plugin to
// reading what it needs and writing nothing; the network is not restricted.
//
// Through the raw system calls: Debian 12's C library has no wrappers, and its kernel
// headers stop at ABI 2, so the constants of later ABIs are defined here from the
// kernel's documentation (they never change once released).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace connector::host::sandbox {

// What the running kernel offers.
struct LandlockSupport {
  int abi = 0;         // the Landlock ABI version; 0: none
  std::string reason;  // why there is none, eg: "Landlock is disabled at boot"
};
LandlockSupport probe_landlock() noexcept;

// "Landlock ABI 7" or "none: <reason>": what `plugins` shows.
std::string describe(const LandlockSupport& support);

struct FileSystemPolicy {
  // Readable files and directories (a directory: everything below it). A path that
  // does not exist is left out.
  std::vector<std::filesystem::path> readable;
  // Files that may also be written, eg: /dev/null.
  std::vector<std::filesystem::path> writable_files;
  // Directories in which files may also be written, made, truncated and removed (so
  // a file there can be replaced atomically: temporary file, then rename).
  std::vector<std::filesystem::path> writable_directories;
};

struct SandboxOutcome {
  bool active = false;
  std::string description;  // what the sandbox allows, or why there is none
};

// Restricts this process to `policy` for the file system, with every right the
// kernel's ABI knows of handled (so what is not granted is refused), and keeps
// signals and abstract UNIX sockets within the sandbox (ABI 6). Sets no_new_privs.
// Must run before the process starts a thread: a restriction covers the calling
// thread and what it starts afterwards. A kernel without Landlock leaves the process
// as it was and says so; any other failure throws std::system_error.
SandboxOutcome restrict_file_system(const FileSystemPolicy& policy);

}  // namespace connector::host::sandbox
