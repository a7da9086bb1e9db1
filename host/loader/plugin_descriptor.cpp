#include "loader/plugin_descriptor.hpp"

#include <connector/version.h>

#include <algorithm>
#include <cstddef>
#include <stdexcept>

namespace connector::host::loader {
namespace {

bool is_plugin_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string required_text(const char* value, const char* field) {
  if (value == nullptr || *value == '\0') {
    throw std::invalid_argument(std::string("descriptor ") + field + " is empty");
  }
  return value;
}

}  // namespace

bool PluginDescriptor::has_capability(std::string_view capability) const {
  return std::find(capabilities.begin(), capabilities.end(), capability) != capabilities.end();
}

PluginDescriptor read_descriptor(const conn_descriptor* raw) {
  if (raw == nullptr) throw std::invalid_argument("the plugin table has no descriptor");
  // Every member up to config_schema exists since ABI 1.0.
  constexpr std::size_t v1_0_size = offsetof(conn_descriptor, config_schema) + sizeof(const char*);
  if (raw->struct_size < v1_0_size) {
    throw std::invalid_argument("descriptor struct_size " + std::to_string(raw->struct_size) +
                                " is smaller than ABI 1.0's " + std::to_string(v1_0_size));
  }
  PluginDescriptor descriptor;
  descriptor.id = raw->id == nullptr ? std::string() : std::string(raw->id);
  if (!is_plugin_id(descriptor.id)) {
    throw std::invalid_argument("descriptor id '" + descriptor.id +
                                "' is not a plugin id (one or more of a-z, 0-9, '-')");
  }
  descriptor.name = required_text(raw->name, "name");
  descriptor.version = required_text(raw->version, "version");
  descriptor.vendor = raw->vendor == nullptr ? "" : raw->vendor;
  descriptor.description = raw->description == nullptr ? "" : raw->description;
  if (raw->capabilities != nullptr) {
    // Bounded: a table without its NULL terminator must not walk memory forever.
    constexpr std::size_t max_capabilities = 64;
    std::size_t i = 0;
    for (; i < max_capabilities && raw->capabilities[i] != nullptr; ++i) {
      descriptor.capabilities.emplace_back(raw->capabilities[i]);
    }
    if (i == max_capabilities) {
      throw std::invalid_argument(
          "descriptor capabilities are not NULL-terminated within 64 entries");
    }
  }
  if (raw->config_schema == nullptr)
    throw std::invalid_argument("descriptor config_schema is NULL");
  descriptor.config_schema = ConfigSchema::parse(raw->config_schema);
  // Appended in ABI 1.3: an older plugin's descriptor ends before it.
  if (CONN_HAS_MEMBER(raw, conn_descriptor, profile_schema) && raw->profile_schema != nullptr) {
    descriptor.profile_schema = ConfigSchema::parse(raw->profile_schema, "profile_schema");
  }
  return descriptor;
}

}  // namespace connector::host::loader
