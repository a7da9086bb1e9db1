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

boost::json::object Instance::with_stored_secrets(const loader::PluginLibrary& plugin,
                                                  boost::json::object config,
                                                  std::string_view connector_id,
                                                  const InstanceEnvironment& environment) {
  // A value the plugin rotated in an earlier run replaces the manifest's: only fields
  // its schema marks secret are taken (SecretStore), so the file cannot redirect the
  // connector (a planted "base_url").
  const auto& secret_fields = plugin.descriptor().config_schema.secret_fields();
  for (const auto& [key, value] : environment.secrets->read(connector_id, secret_fields)) {
    environment.redactor->add(value);
    config[key] = value;
  }
  return config;
}

}  // namespace connector::host::runtime
