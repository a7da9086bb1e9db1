// Which plugin directories and libraries the host may load, decided before dlopen
// (a library's constructors run inside dlopen, as the host's user, before any
// symbol is looked up).
//
// As sshd's StrictModes: the plugin directory, each of its parents up to /, and each
// library must be owned by root or the running user and not writable by its group or
// others; otherwise another local user could put code into the host. A parent that
// is owned by root and has the sticky bit (/tmp) is accepted although others may
// write it: the sticky bit keeps them from renaming or removing what they do not own.
// A library that is a symbolic link is judged by its target, whose directories must
// pass the same checks. docs/security.md.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace connector::host::loader {

// Throws std::runtime_error, one line naming the directory (or the parent) and the
// cause, when plugins must not be loaded from `directory` or it cannot be read.
void check_plugin_directory(const std::filesystem::path& directory);

// Why the library `file` (in a directory check_plugin_directory accepted) must not
// be loaded, eg: "refused before loading: writable by others (mode 0666)"; nullopt
// when it may be.
std::optional<std::string> plugin_file_refusal(const std::filesystem::path& file);

}  // namespace connector::host::loader
