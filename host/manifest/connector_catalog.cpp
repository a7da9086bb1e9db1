#include "manifest/connector_catalog.hpp"

#include <algorithm>
#include <system_error>

#include "manifest/manifest_error.hpp"
#include "manifest/manifest_reader.hpp"
#include "manifest/secret_references.hpp"

namespace connector::host::manifest {
namespace {

std::vector<std::filesystem::path> manifest_files(const std::filesystem::path& directory) {
  std::error_code ec;
  std::filesystem::directory_iterator it(directory, ec);
  if (ec) {
    throw HostError(ExitCode::config,
                    "cannot read manifest directory '" + directory.string() + "': " + ec.message());
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : it) {
    if (entry.path().extension() == ".json" && entry.is_regular_file(ec))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::shared_ptr<const loader::PluginLibrary> find_plugin(const Manifest& manifest,
                                                         const loader::PluginRegistry& plugins) {
  if (auto plugin = plugins.find(manifest.plugin)) return plugin;
  std::string message =
      "no plugin '" + manifest.plugin + "' is loaded from " + plugins.directory().string();
  if (!plugins.failures().empty()) {
    message += " (" + std::to_string(plugins.failures().size()) +
               " file(s) there failed to load; `connector-host plugins` lists why)";
  }
  throw connector_error(manifest.id, manifest.file, "plugin", message);
}

// Resolves references, registers every secret with the redactor, validates.
boost::json::object checked_config(const Manifest& manifest, const loader::PluginLibrary& plugin,
                                   log::Redactor& redactor) {
  boost::json::value config = manifest.config;
  try {
    for (const std::string& secret :
         resolve_secret_references(config, "config", manifest.file.parent_path())) {
      redactor.add(secret);
    }
  } catch (const SecretReferenceError& e) {
    throw connector_error(manifest.id, manifest.file, e.field_path(), e.what());
  }
  // A secret written literally into the manifest is still a secret.
  const auto& schema = plugin.descriptor().config_schema;
  for (const std::string& field : schema.secret_fields()) {
    if (const auto* value = find_string_field(config.as_object(), field)) redactor.add(*value);
  }
  // The manifest's provisioning mode reaches plugins that declare the field for it
  // (checked by their schema like any other field); others never see it.
  const auto* properties = schema.document().as_object().if_contains("properties");
  if (properties != nullptr && properties->is_object() &&
      properties->as_object().contains("provisioning_mode") &&
      !config.as_object().contains("provisioning_mode")) {
    config.as_object()["provisioning_mode"] = manifest.provisioning.mode;
  }
  const auto violations = schema.validate(config);
  if (!violations.empty()) {
    const auto& first = violations.front();
    const std::string field = first.field_path.empty() ? "config" : "config." + first.field_path;
    throw connector_error(manifest.id, manifest.file, field,
                          first.message + " (schema of plugin '" + plugin.id() + "')");
  }
  return std::move(config.as_object());
}

}  // namespace

ConnectorCatalog ConnectorCatalog::load(const std::filesystem::path& directory,
                                        const loader::PluginRegistry& plugins,
                                        log::Redactor& redactor) {
  ConnectorCatalog catalog;
  catalog.directory_ = directory;
  for (const auto& file : manifest_files(directory)) {
    std::string connector_id = file.stem().string();
    bool enabled = true;
    try {
      Manifest manifest = read_manifest(file);
      connector_id = manifest.id;
      enabled = manifest.enabled;
      const auto duplicate =
          std::find_if(catalog.connectors_.begin(), catalog.connectors_.end(),
                       [&](const ConnectorConfig& c) { return c.manifest.id == manifest.id; });
      if (duplicate != catalog.connectors_.end()) {
        throw manifest_error(file, "id",
                             "connector '" + manifest.id + "' is already defined in " +
                                 duplicate->manifest.file.string());
      }
      auto plugin = find_plugin(manifest, plugins);
      boost::json::object config = checked_config(manifest, *plugin, redactor);
      catalog.connectors_.push_back({std::move(manifest), std::move(plugin), std::move(config)});
    } catch (const HostError& e) {
      catalog.failures_.push_back({file, connector_id, e, enabled});
    }
  }
  return catalog;
}

const ConnectorConfig& ConnectorCatalog::get(std::string_view id) const {
  for (const auto& connector : connectors_) {
    if (connector.manifest.id == id) return connector;
  }
  for (const auto& failure : failures_) {
    if (failure.connector_id == id) throw failure.error;
  }
  throw HostError(ExitCode::config, "no connector '" + std::string(id) + "': no manifest in " +
                                        directory_.string() + " has \"id\": \"" + std::string(id) +
                                        "\"");
}

}  // namespace connector::host::manifest
