#include "loader/plugin_trust.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "common/file_trust.hpp"

namespace connector::host::loader {
namespace {

// Why the directory `directory` (canonical: no links, no dots) or one of its
// parents lets someone untrusted change what is in it, naming which (eg: "'/tmp/p'
// is writable by others (mode 0777)"); nullopt when none does.
std::optional<std::string> directory_chain_refusal(const std::filesystem::path& directory) {
  for (std::filesystem::path current = directory;; current = current.parent_path()) {
    const bool is_parent = current != directory;
    const std::string which = "'" + current.string() + "' is ";
    struct stat info {};
    if (::lstat(current.c_str(), &info) != 0)
      return which + "not readable: " + std::strerror(errno);
    if (!S_ISDIR(info.st_mode)) return which + "not a directory";
    const bool sticky_root_parent =
        is_parent && info.st_uid == 0 && (info.st_mode & S_ISVTX) != 0;  // eg: /tmp
    if (!sticky_root_parent) {
      if (auto cause = untrusted_because(info, TrustedOwner::root_or_running_user))
        return which + *cause;
    }
    if (current == current.root_path() || !current.has_relative_path()) return std::nullopt;
  }
}

}  // namespace

void check_plugin_directory(const std::filesystem::path& directory) {
  std::error_code ec;
  const std::filesystem::path resolved = std::filesystem::canonical(directory, ec);
  if (ec) {
    throw std::runtime_error("cannot read plugin directory '" + directory.string() +
                             "': " + ec.message());
  }
  if (auto refusal = directory_chain_refusal(resolved)) {
    throw std::runtime_error("refusing plugin directory '" + directory.string() + "': " + *refusal +
                             "; plugins are loaded only from directories that "
                             "root or the running user alone can change");
  }
}

std::optional<std::string> plugin_file_refusal(const std::filesystem::path& file) {
  std::error_code ec;
  const std::filesystem::path resolved = std::filesystem::canonical(file, ec);
  if (ec) return "refused before loading: " + ec.message();
  struct stat info {};
  if (::lstat(resolved.c_str(), &info) != 0)
    return "refused before loading: " + std::string(std::strerror(errno));
  if (!S_ISREG(info.st_mode)) return std::string("refused before loading: not a regular file");
  if (auto cause = untrusted_because(info, TrustedOwner::root_or_running_user))
    return "refused before loading: " + *cause;
  // A link to a library elsewhere: that directory must be as safe as this one.
  if (std::filesystem::canonical(file.parent_path(), ec) != resolved.parent_path()) {
    if (auto refusal = directory_chain_refusal(resolved.parent_path())) {
      return "refused before loading: it links to '" + resolved.string() + "', and " + *refusal;
    }
  }
  return std::nullopt;
}

}  // namespace connector::host::loader
