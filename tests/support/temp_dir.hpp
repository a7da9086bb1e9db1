// A private scratch directory for one test (or one helper such as a child process or
// a simulator): made with mkdtemp under the system temp dir (TMPDIR), removed with
// everything in it when the object goes. Tests write manifests, state, fixtures and
// captured output there, so parallel tests (ctest -j) never share a path.
#pragma once

#include <filesystem>
#include <string>

namespace test_support {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const noexcept { return path_; }
  std::filesystem::path operator/(const std::filesystem::path& name) const { return path_ / name; }

  // Writes `content` to `name` (relative to the directory; parent directories are
  // made) and returns the file's path.
  std::filesystem::path write(const std::filesystem::path& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

}  // namespace test_support
