// A directory private to the user the host runs as: the state directory (--state)
// and what the host keeps in it (secrets/).
//
// Opened once and then used through its descriptor (openat and friends), so that
// nothing done to the path afterwards changes what the host reads or writes. Each
// directory is checked when opened (common/file_trust.hpp): a subdirectory must be
// owned by the running user and writable by no one else, and is opened without
// following a symbolic link; the directory the user named may also be root's, and
// writable by the running user's own group (a Kubernetes volume with fsGroup), never
// by others. A directory the host creates is made 0700 whatever the umask.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "common/unique_fd.hpp"

namespace connector::host::runtime {

enum class Create { no, yes };

class PrivateDirectory {
 public:
  // Opens `path` (a symbolic link to a directory is followed: the user named it) and
  // checks it: owned by root or the running user, writable by no one but them and
  // the running user's group. With Create::yes a missing directory is made (0700), with its missing
  // parents; with Create::no it is nullopt. Throws HostError (state), one line naming
  // the path and the cause.
  static std::optional<PrivateDirectory> open(const std::filesystem::path& path, Create create);

  // The subdirectory `name` (eg: "secrets"), opened with O_NOFOLLOW | O_DIRECTORY and
  // checked the same way; created (0700) or nullopt when missing, as `create` says.
  // Throws HostError (state): a symbolic link, not a directory, not trusted.
  std::optional<PrivateDirectory> subdirectory(std::string_view name, Create create) const;

  const std::filesystem::path& path() const noexcept { return path_; }
  int fd() const noexcept { return fd_.get(); }

 private:
  PrivateDirectory(std::filesystem::path path, UniqueFd fd)
      : path_(std::move(path)), fd_(std::move(fd)) {}

  std::filesystem::path path_;
  UniqueFd fd_;
};

}  // namespace connector::host::runtime
