#include "loader/plugin_registry.hpp"

#include <algorithm>
#include <stdexcept>
#include <system_error>

#include "loader/plugin_trust.hpp"

namespace connector::host::loader {
namespace {

std::vector<std::filesystem::path> candidate_files(const std::filesystem::path& directory) {
  std::error_code ec;
  std::filesystem::directory_iterator it(directory, ec);
  if (ec) {
    throw std::runtime_error("cannot read plugin directory '" + directory.string() +
                             "': " + ec.message());
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : it) {
    if (entry.path().extension() == ".so" && entry.is_regular_file(ec))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

PluginRegistry PluginRegistry::scan(const std::filesystem::path& directory) {
  // Before anything is opened: dlopen runs a library's constructors.
  check_plugin_directory(directory);
  PluginRegistry registry;
  registry.directory_ = directory;
  for (const auto& path : candidate_files(directory)) {
    if (auto refusal = plugin_file_refusal(path)) {
      registry.failures_.push_back({path, std::move(*refusal)});
      continue;
    }
    try {
      auto library = PluginLibrary::load(path);
      if (const auto taken = registry.find(library->id())) {
        registry.failures_.push_back(
            {path,
             "plugin id '" + library->id() + "' is already provided by " + taken->path().string()});
        continue;
      }
      registry.plugins_.push_back(std::move(library));
    } catch (const LoadError& e) {
      registry.failures_.push_back({path, e.what()});
    }
  }
  return registry;
}

std::shared_ptr<const PluginLibrary> PluginRegistry::find(std::string_view id) const {
  const auto it = std::find_if(plugins_.begin(), plugins_.end(),
                               [&](const auto& plugin) { return plugin->id() == id; });
  return it == plugins_.end() ? nullptr : *it;
}

}  // namespace connector::host::loader
