#include "common/file_trust.hpp"

#include <unistd.h>

#include <cstdio>

namespace connector::host {

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

std::optional<std::string> untrusted_because(const struct stat& info, TrustedOwner owner,
                                             GroupWrite group_write) {
  const uid_t running_user = ::geteuid();
  const bool root_allowed = owner == TrustedOwner::root_or_running_user;
  if (info.st_uid != running_user && !(root_allowed && info.st_uid == 0)) {
    return "owned by uid " + std::to_string(info.st_uid) + ", not by " +
           (root_allowed ? "root or " : "") + "the running user (uid " +
           std::to_string(running_user) + ")";
  }
  if ((info.st_mode & S_IWOTH) != 0)
    return "writable by others (mode " + octal_mode(info.st_mode) + ")";
  const bool own_group = info.st_gid == ::getegid();
  if ((info.st_mode & S_IWGRP) != 0 &&
      !(group_write == GroupWrite::allowed_for_own_group && own_group)) {
    return "writable by its group (mode " + octal_mode(info.st_mode) + ")";
  }
  return std::nullopt;
}

}  // namespace connector::host
