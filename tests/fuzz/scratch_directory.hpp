// A directory of the fuzz target's own, for the files the code under test reads or
// writes: on the RAM disk when there is one (an input per few microseconds would
// otherwise wear a real disk), removed when the process exits normally, as it does at
// libFuzzer's -max_total_time and at the end of a replay.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#include "fuzz_check.hpp"

namespace connector::fuzz {

class ScratchDirectory {
 public:
  explicit ScratchDirectory(const std::string& prefix) {
    namespace fs = std::filesystem;
    const fs::path base =
        fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    std::string pattern = (base / (prefix + "-XXXXXX")).string();
    FUZZ_CHECK(mkdtemp(pattern.data()) != nullptr, "a scratch directory can be made");
    path_ = pattern;
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace connector::fuzz
