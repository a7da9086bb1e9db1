// Writing a file whole or not at all: a reader (or a crash) never sees half of it.
//
// The content goes to a temporary sibling (same directory, so the same file system),
// is flushed to disk, then takes the file's name in one step: rename(2) when the
// file may be replaced, link(2) when it may not, which fails if the name exists
// even when another process creates it meanwhile.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string_view>

namespace connector::host {

enum class Existing { refuse, replace };

// `file` exists and `Existing::refuse` was asked.
class FileExists : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Writes `content` to `file`. A new file gets mode 0644 whatever the umask (it is
// for a text a service user reads: never write a secret with this); a replaced file
// keeps its mode. Throws FileExists, or
// std::runtime_error naming the path and the system's reason; on any failure the
// temporary is removed and `file` is as it was.
void write_file_whole(const std::filesystem::path& file, std::string_view content,
                      Existing existing);

}  // namespace connector::host
