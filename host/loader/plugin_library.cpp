#include "loader/plugin_library.hpp"

#include <connector/entry.h>
#include <connector/version.h>
#include <dlfcn.h>

#include <cstddef>
#include <string>
#include <system_error>

namespace connector::host::loader {
namespace {

boost::dll::shared_library open_library(const std::filesystem::path& path) {
  boost::dll::shared_library library;
  std::error_code ec;
  library.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  if (ec) {
    // Boost.DLL reports every dlopen failure as "bad file descriptor"; dlerror()
    // still holds the loader's own reason (eg: "invalid ELF header").
    const char* reason = ::dlerror();
    throw LoadError("not a loadable shared library: " +
                    (reason != nullptr ? std::string(reason) : ec.message()));
  }
  return library;
}

const conn_plugin* call_entry(const boost::dll::shared_library& library) {
  if (!library.has(CONN_PLUGIN_ENTRY_SYMBOL)) {
    throw LoadError("no '" CONN_PLUGIN_ENTRY_SYMBOL "' symbol: not a connector plugin");
  }
  const auto entry = library.get<const conn_plugin*(uint32_t, uint32_t)>(CONN_PLUGIN_ENTRY_SYMBOL);
  const conn_plugin* table = entry(CONN_ABI_MAJOR, CONN_ABI_MINOR);
  if (table == nullptr) {
    throw LoadError("the plugin does not support ABI major " + std::to_string(CONN_ABI_MAJOR) +
                    " (its entry returned NULL for host ABI " + std::to_string(CONN_ABI_MAJOR) +
                    "." + std::to_string(CONN_ABI_MINOR) + ")");
  }
  return table;
}

void check_table(const conn_plugin& table) {
  if (table.abi_major != CONN_ABI_MAJOR) {
    throw LoadError("the plugin speaks ABI major " + std::to_string(table.abi_major) +
                    ", this host speaks ABI major " + std::to_string(CONN_ABI_MAJOR));
  }
  // descriptor, create and destroy are the least a plugin can offer.
  constexpr std::size_t least = offsetof(conn_plugin, destroy) + sizeof(table.destroy);
  if (table.struct_size < least) {
    throw LoadError("plugin table struct_size " + std::to_string(table.struct_size) +
                    " is too small (at least " + std::to_string(least) + ")");
  }
  if (table.create == nullptr || table.destroy == nullptr) {
    throw LoadError("the plugin table lacks create or destroy");
  }
}

}  // namespace

std::shared_ptr<const PluginLibrary> PluginLibrary::load(const std::filesystem::path& path) {
  boost::dll::shared_library library = open_library(path);
  const conn_plugin* table = call_entry(library);
  check_table(*table);
  PluginDescriptor descriptor;
  try {
    descriptor = read_descriptor(table->descriptor);
  } catch (const std::invalid_argument& e) {
    throw LoadError(std::string("invalid descriptor: ") + e.what());
  }
  return std::shared_ptr<const PluginLibrary>(
      new PluginLibrary(path, std::move(library), table, std::move(descriptor)));
}

PluginLibrary::PluginLibrary(std::filesystem::path path, boost::dll::shared_library library,
                             const conn_plugin* table, PluginDescriptor descriptor)
    : path_(std::move(path)),
      library_(std::move(library)),
      table_(table),
      descriptor_(std::move(descriptor)) {}

}  // namespace connector::host::loader
