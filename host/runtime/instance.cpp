#include "runtime/instance.hpp"

namespace connector::host::runtime {

std::string_view operation_name(ListOperation operation) noexcept {
  switch (operation) {
    case ListOperation::resources:
      return "list_resources";
    case ListOperation::entitlements:
      return "list_entitlements";
    case ListOperation::grants:
      return "list_grants";
  }
  return "list";
}

boost::json::object Instance::with_stored_secrets(boost::json::object config,
                                                  std::string_view connector_id,
                                                  const InstanceEnvironment& environment) {
  // A value the plugin rotated in an earlier run replaces the manifest's.
  for (const auto& [key, value] : environment.secrets->read(connector_id)) {
    environment.redactor->add(value);
    config[key] = value;
  }
  return config;
}

}  // namespace connector::host::runtime
