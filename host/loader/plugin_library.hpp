// One loaded plugin library: the shared object, its operation table and descriptor.
//
// Shared ownership is the lifetime rule: every instance made from a library holds a
// shared_ptr to it, so the code an instance runs stays mapped until the last
// instance is destroyed, whoever drops the registry first.
#pragma once

#include <connector/plugin.h>
#include <boost/dll/shared_library.hpp>

#include <filesystem>
#include <memory>
#include <stdexcept>

#include "loader/plugin_descriptor.hpp"

namespace connector::host::loader {

// Why a file could not be used as a plugin. what() is one line, without the path
// (the caller knows it).
class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class PluginLibrary {
 public:
  // Loads `path` with RTLD_NOW | RTLD_LOCAL, calls conn_plugin_entry for this host's
  // ABI version and checks the table and descriptor. Throws LoadError.
  static std::shared_ptr<const PluginLibrary> load(const std::filesystem::path& path);

  PluginLibrary(const PluginLibrary&) = delete;
  PluginLibrary& operator=(const PluginLibrary&) = delete;

  const std::filesystem::path& path() const noexcept { return path_; }
  const conn_plugin& table() const noexcept { return *table_; }
  const PluginDescriptor& descriptor() const noexcept { return descriptor_; }
  const std::string& id() const noexcept { return descriptor_.id; }

 private:
  PluginLibrary(std::filesystem::path path, boost::dll::shared_library library,
                const conn_plugin* table, PluginDescriptor descriptor);

  std::filesystem::path path_;
  boost::dll::shared_library library_;  // declared first: unloaded last
  const conn_plugin* table_;            // owned by the library
  PluginDescriptor descriptor_;
};

}  // namespace connector::host::loader
