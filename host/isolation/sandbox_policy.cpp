#include "isolation/sandbox_policy.hpp"

#include <boost/json/value.hpp>

#include <array>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace connector::host::isolation {
namespace {

// Read by the C and C++ runtimes, the dynamic loader, OpenSSL and the resolver on
// Debian and Red Hat alike; a path a system lacks is left out by the sandbox.
constexpr std::array<std::string_view, 22> system_readable{
    "/usr",
    "/lib",
    "/lib64",
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/ssl",
    "/etc/pki",
    "/etc/ca-certificates",
    "/etc/crypto-policies",
    "/etc/resolv.conf",
    "/etc/hosts",
    "/etc/host.conf",
    "/etc/nsswitch.conf",
    "/etc/gai.conf",
    "/etc/services",
    "/etc/protocols",
    "/etc/localtime",
    "/dev/urandom",
    "/dev/random",
    "/proc/self",
    "/sys/devices/system/cpu",
};

// {"env": NAME} or {"file": PATH}: resolved by the host, not read by the plugin.
bool is_secret_reference(const boost::json::object& object) {
  return object.size() == 1 && (object.contains("env") || object.contains("file"));
}

void add_named_files(const boost::json::value& value, std::vector<std::string>& readable) {
  if (value.is_string()) {
    // Files only: a config string "/" must not open the whole file system.
    const std::string_view text = value.get_string();
    std::error_code ec;
    if (!text.empty() && text.front() == '/' &&
        std::filesystem::is_regular_file(std::filesystem::path(text), ec))
      readable.emplace_back(text);
  } else if (value.is_array()) {
    for (const auto& element : value.get_array()) add_named_files(element, readable);
  } else if (value.is_object() && !is_secret_reference(value.get_object())) {
    for (const auto& member : value.get_object()) add_named_files(member.value(), readable);
  }
}

// The value at dotted `path` in `config`, when it is a string.
const boost::json::string* string_at(const boost::json::object& config, std::string_view path) {
  const boost::json::object* object = &config;
  for (;;) {
    const auto dot = path.find('.');
    const boost::json::value* value = object->if_contains(path.substr(0, dot));
    if (value == nullptr) return nullptr;
    if (dot == std::string_view::npos) return value->if_string();
    object = value->if_object();
    if (object == nullptr) return nullptr;
    path.remove_prefix(dot + 1);
  }
}

}  // namespace

SandboxPaths sandbox_paths(const loader::PluginLibrary& plugin,
                           const boost::json::object& manifest_config) {
  SandboxPaths paths;
  // The plugin's directory as named, and the one its file really is in when it is a
  // symbolic link (a versioned library, a plugin directory of links): the sandbox
  // checks the file it opens, not the name.
  std::error_code ec;
  paths.readable.emplace_back(std::filesystem::absolute(plugin.path(), ec).parent_path().string());
  const std::filesystem::path real = std::filesystem::canonical(plugin.path(), ec);
  if (!ec) paths.readable.emplace_back(real.parent_path().string());
  for (const std::string_view path : system_readable) paths.readable.emplace_back(path);
  for (const auto& field : plugin.descriptor().config_schema.file_fields()) {
    const boost::json::string* value = string_at(manifest_config, field.field_path);
    if (value == nullptr || value->empty()) continue;
    const std::filesystem::path file = std::filesystem::absolute(std::string(*value), ec);
    if (ec) continue;
    paths.readable.push_back(file.string());
    if (field.writable) paths.writable_directories.push_back(file.parent_path().string());
  }
  for (const auto& member : manifest_config) add_named_files(member.value(), paths.readable);
  paths.writable.emplace_back("/dev/null");
  return paths;
}

}  // namespace connector::host::isolation
