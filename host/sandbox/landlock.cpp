#include "sandbox/landlock.hpp"

#include <fcntl.h>
#include <linux/landlock.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>

namespace connector::host::sandbox {
namespace {

// Rights added after ABI 1 (Documentation/userspace-api/landlock.rst).
constexpr std::uint64_t access_fs_refer = 1ULL << 13;            // ABI 2
constexpr std::uint64_t access_fs_truncate = 1ULL << 14;         // ABI 3
constexpr std::uint64_t access_fs_ioctl_dev = 1ULL << 15;        // ABI 5
constexpr std::uint64_t scope_abstract_unix_socket = 1ULL << 0;  // ABI 6
constexpr std::uint64_t scope_signal = 1ULL << 1;                // ABI 6

// struct landlock_ruleset_attr as of ABI 6; a kernel that knows fewer members
// accepts the larger struct as long as the members it does not know are zero.
struct RulesetAttributes {
  std::uint64_t handled_access_fs;
  std::uint64_t handled_access_net;  // ABI 4; 0: the network is not restricted
  std::uint64_t scoped;              // ABI 6
};

// Every file-system right of ABI 1: execute, write, read, read a directory, and the
// ways to remove or make entries.
constexpr std::uint64_t access_fs_abi_1 = (1ULL << 13) - 1;

std::uint64_t handled_rights(int abi) {
  std::uint64_t rights = access_fs_abi_1;
  if (abi >= 2) rights |= access_fs_refer;
  if (abi >= 3) rights |= access_fs_truncate;
  if (abi >= 5) rights |= access_fs_ioctl_dev;
  return rights;
}

constexpr std::uint64_t read_file = LANDLOCK_ACCESS_FS_READ_FILE;
constexpr std::uint64_t read_tree = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
constexpr std::uint64_t write_file = LANDLOCK_ACCESS_FS_WRITE_FILE;
constexpr std::uint64_t replace_files = LANDLOCK_ACCESS_FS_WRITE_FILE |
                                        LANDLOCK_ACCESS_FS_MAKE_REG |
                                        LANDLOCK_ACCESS_FS_REMOVE_FILE | access_fs_truncate;

int create_ruleset(const RulesetAttributes* attributes, std::size_t size, std::uint32_t flags) {
  return static_cast<int>(::syscall(SYS_landlock_create_ruleset, attributes, size, flags));
}

std::string why_unavailable(int error) {
  switch (error) {
    case ENOSYS:
      return "the kernel has no Landlock (older than 5.13, or built without it)";
    case EOPNOTSUPP:
      return "Landlock is disabled at boot (add landlock to the kernel's lsm= parameter)";
    case EPERM:
      return "a seccomp filter (eg: a container runtime's) refuses the Landlock system calls";
    default:
      return std::error_code(error, std::generic_category()).message();
  }
}

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const noexcept { return fd_; }

 private:
  int fd_;
};

// Grants `rights` (directories also get READ_DIR when reading) under `path`. False
// when the path does not exist or cannot be opened.
bool allow(int ruleset, const std::filesystem::path& path, std::uint64_t rights,
           std::uint64_t handled) {
  const FileDescriptor target(::open(path.c_str(), O_PATH | O_CLOEXEC));
  if (target.get() < 0) return false;
  struct stat info {};
  if (::fstat(target.get(), &info) != 0) return false;
  // A directory's rule covers the tree below it; a file's may only hold file rights.
  if (S_ISDIR(info.st_mode) && (rights & read_file) != 0) rights |= LANDLOCK_ACCESS_FS_READ_DIR;
  if (!S_ISDIR(info.st_mode)) rights &= ~std::uint64_t{LANDLOCK_ACCESS_FS_READ_DIR};
  landlock_path_beneath_attr beneath{};
  beneath.allowed_access = rights & handled;
  beneath.parent_fd = target.get();
  if (::syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &beneath, 0) != 0) {
    throw std::system_error(errno, std::generic_category(),
                            "landlock_add_rule for " + path.string());
  }
  return true;
}

}  // namespace

LandlockSupport probe_landlock() noexcept {
  const int abi = create_ruleset(nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
  if (abi < 0) return {0, why_unavailable(errno)};
  return {abi, {}};
}

std::string describe(const LandlockSupport& support) {
  if (support.abi == 0) return "none: " + support.reason;
  return "Landlock ABI " + std::to_string(support.abi);
}

SandboxOutcome restrict_file_system(const FileSystemPolicy& policy) {
  const LandlockSupport support = probe_landlock();
  if (support.abi == 0) {
    return {false, "none: " + support.reason + "; the plugin can read and write what the " +
                       "host's user can"};
  }
  RulesetAttributes attributes{};
  attributes.handled_access_fs = handled_rights(support.abi);
  if (support.abi >= 6) attributes.scoped = scope_abstract_unix_socket | scope_signal;
  const FileDescriptor ruleset(create_ruleset(&attributes, sizeof attributes, 0));
  if (ruleset.get() < 0)
    throw std::system_error(errno, std::generic_category(), "landlock_create_ruleset");

  std::size_t readable = 0;
  for (const auto& path : policy.readable) {
    if (allow(ruleset.get(), path, read_tree, attributes.handled_access_fs)) ++readable;
  }
  std::size_t writable = 0;
  for (const auto& path : policy.writable_files) {
    if (allow(ruleset.get(), path, read_file | write_file, attributes.handled_access_fs))
      ++writable;
  }
  std::size_t writable_directories = 0;
  for (const auto& path : policy.writable_directories) {
    if (allow(ruleset.get(), path, read_tree | replace_files, attributes.handled_access_fs))
      ++writable_directories;
  }
  // Required of an unprivileged process, and right anyway: no set-user-ID program
  // run from the sandbox gains privileges.
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    throw std::system_error(errno, std::generic_category(), "prctl(PR_SET_NO_NEW_PRIVS)");
  if (::syscall(SYS_landlock_restrict_self, ruleset.get(), 0) != 0)
    throw std::system_error(errno, std::generic_category(), "landlock_restrict_self");

  std::string writes = "nothing";
  if (writable_directories > 0) {
    writes = "only in the " + std::to_string(writable_directories) +
             " directory(ies) of files its config marks x-file: write";
  } else if (writable > 0) {
    writes = "nothing but /dev/null";
  }
  std::string description = describe(support) + ": reads " + std::to_string(readable) +
                            " paths (the plugin, system libraries and configuration, CA " +
                            "certificates, files the config names), writes " + writes +
                            ", runs no programs";
  if (support.abi >= 6) description += "; signals and abstract sockets stay inside the worker";
  return {true, description};
}

}  // namespace connector::host::sandbox
