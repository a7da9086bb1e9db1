// Every plugin found in the plugin directory, and every file that failed to load.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "loader/plugin_library.hpp"

namespace connector::host::loader {

struct LoadFailure {
  std::filesystem::path path;
  std::string reason;
};

class PluginRegistry {
 public:
  // Tries every regular file ending in ".so" in `directory` (not recursive), in name
  // order. A file that fails is recorded with its reason and skipped, so one broken
  // plugin never hides the others; a second library with an id already taken is a
  // failure too, and so is a library another user could have changed, which is
  // refused before it is opened (plugin_trust.hpp). Throws std::runtime_error when
  // `directory` cannot be listed or plugins must not be loaded from it.
  static PluginRegistry scan(const std::filesystem::path& directory);

  const std::filesystem::path& directory() const noexcept { return directory_; }
  const std::vector<std::shared_ptr<const PluginLibrary>>& plugins() const noexcept {
    return plugins_;
  }
  const std::vector<LoadFailure>& failures() const noexcept { return failures_; }

  // The plugin with descriptor id `id`, or nullptr.
  std::shared_ptr<const PluginLibrary> find(std::string_view id) const;

 private:
  std::filesystem::path directory_;
  std::vector<std::shared_ptr<const PluginLibrary>> plugins_;
  std::vector<LoadFailure> failures_;
};

}  // namespace connector::host::loader
