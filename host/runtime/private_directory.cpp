#include "runtime/private_directory.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "common/error.hpp"
#include "common/file_trust.hpp"

namespace connector::host::runtime {
namespace {

constexpr mode_t kPrivateDirectoryMode = 0700;

HostError refused(const std::filesystem::path& path, const std::string& cause) {
  return HostError(ExitCode::state, "refusing '" + path.string() + "': " + cause);
}

HostError failed(const std::filesystem::path& path, const std::string& what, int error) {
  return HostError(ExitCode::state, what + " '" + path.string() + "': " + std::strerror(error));
}

// Refuses `fd` (opened as `path`) unless it is a directory no one untrusted can change.
void check_trusted(int fd, const std::filesystem::path& path, TrustedOwner owner,
                   GroupWrite group_write) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) throw failed(path, "cannot stat", errno);
  if (!S_ISDIR(info.st_mode)) throw refused(path, "not a directory");
  if (auto cause = untrusted_because(info, owner, group_write)) throw refused(path, *cause);
}

// `name` in `parent_fd` is not a directory we may open: say what it is instead.
HostError not_a_directory(int parent_fd, const std::string& name, const std::filesystem::path& path,
                          int error) {
  struct stat info {};
  if (::fstatat(parent_fd, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0) {
    if (S_ISLNK(info.st_mode)) return refused(path, "a symbolic link, not a directory");
    if (!S_ISDIR(info.st_mode)) return refused(path, "not a directory");
  }
  return failed(path, "cannot open", error);
}

// Made just now by this process: exactly 0700, whatever the umask did to mkdir's mode.
void make_private(int fd, const std::filesystem::path& path) {
  if (::fchmod(fd, kPrivateDirectoryMode) != 0) throw failed(path, "cannot chmod", errno);
}

}  // namespace

std::optional<PrivateDirectory> PrivateDirectory::open(const std::filesystem::path& path,
                                                       Create create) {
  constexpr int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
  UniqueFd fd(::open(path.c_str(), flags));
  bool made = false;
  if (!fd.valid() && errno == ENOENT) {
    if (create == Create::no) return std::nullopt;
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    if (ec)
      throw HostError(ExitCode::state,
                      "cannot create '" + path.parent_path().string() + "': " + ec.message());
    if (::mkdir(path.c_str(), kPrivateDirectoryMode) == 0) {
      made = true;
    } else if (errno != EEXIST) {
      throw failed(path, "cannot create", errno);
    }
    // Opened without following a link: what we made, or what beat us to the name
    // (which the owner check then judges).
    fd.reset(::open(path.c_str(), flags | O_NOFOLLOW));
  }
  if (!fd.valid()) {
    if (errno == ENOTDIR || errno == ELOOP) throw refused(path, "not a directory");
    throw failed(path, "cannot open", errno);
  }
  if (made) {
    struct stat info {};
    // Only chmod what is ours: a directory someone else put there is refused below.
    if (::fstat(fd.get(), &info) == 0 && info.st_uid == ::geteuid()) make_private(fd.get(), path);
  }
  // The directory the user named may be root's, or a volume writable by the user's
  // own group (Kubernetes' fsGroup); what the host makes inside it is its own alone.
  check_trusted(fd.get(), path, TrustedOwner::root_or_running_user,
                GroupWrite::allowed_for_own_group);
  return PrivateDirectory(path, std::move(fd));
}

std::optional<PrivateDirectory> PrivateDirectory::subdirectory(std::string_view name,
                                                               Create create) const {
  const std::string entry(name);
  const std::filesystem::path path = path_ / entry;
  constexpr int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
  bool made = false;
  if (create == Create::yes) {
    if (::mkdirat(fd(), entry.c_str(), kPrivateDirectoryMode) == 0) {
      made = true;
    } else if (errno != EEXIST) {
      throw failed(path, "cannot create", errno);
    }
  }
  UniqueFd sub(::openat(fd(), entry.c_str(), flags));
  if (!sub.valid()) {
    if (errno == ENOENT && create == Create::no) return std::nullopt;
    throw not_a_directory(fd(), entry, path, errno);
  }
  if (made) {
    struct stat info {};
    if (::fstat(sub.get(), &info) == 0 && info.st_uid == ::geteuid()) make_private(sub.get(), path);
  }
  check_trusted(sub.get(), path, TrustedOwner::running_user, GroupWrite::refused);
  return PrivateDirectory(path, std::move(sub));
}

}  // namespace connector::host::runtime
