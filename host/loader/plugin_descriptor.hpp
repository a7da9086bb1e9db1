// What a loaded plugin says about itself, copied out of its conn_descriptor and checked.
#pragma once

#include <connector/descriptor.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loader/config_schema.hpp"

namespace connector::host::loader {

struct PluginDescriptor {
  std::string id;  // eg: "ninjaone"; what manifests name in "plugin"
  std::string name;
  std::string version;
  std::string vendor;
  std::string description;
  std::vector<std::string> capabilities;
  ConfigSchema config_schema;
  std::optional<ConfigSchema> profile_schema;  // ABI 1.3; absent when not declared

  bool has_capability(std::string_view capability) const;
};

// Checks and copies `raw`. Throws std::invalid_argument saying which field is wrong:
// a struct too small for ABI 1.0, an id outside [a-z0-9-]+, a missing name or
// version, a config_schema or profile_schema that is not a JSON Schema.
PluginDescriptor read_descriptor(const conn_descriptor* raw);

}  // namespace connector::host::loader
