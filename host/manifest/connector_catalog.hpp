// Every connector the manifest directory defines, checked against the loaded plugins.
//
// For each manifests/*.json: read it (manifest_reader), find its plugin, resolve its
// secret references, validate its config against the plugin's JSON Schema. A
// manifest that fails is kept with its error, so `connectors` can list it and a
// command naming it reports exactly why, while the other connectors stay usable.
#pragma once

#include <boost/json/object.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "loader/plugin_registry.hpp"
#include "log/redactor.hpp"
#include "manifest/manifest.hpp"

namespace connector::host::manifest {

// A connector ready to be instantiated.
struct ConnectorConfig {
  Manifest manifest;
  std::shared_ptr<const loader::PluginLibrary> plugin;
  boost::json::object config;  // secret references resolved; valid against the plugin's schema
};

struct ManifestFailure {
  std::filesystem::path file;
  std::string connector_id;  // from the manifest when it got that far, else the file's stem
  HostError error;
  // "enabled" as the manifest says when it was read whole; true when reading it failed
  // (what a broken file meant cannot be known, so it counts as a connector that should run).
  bool enabled = true;
};

class ConnectorCatalog {
 public:
  // Reads every regular file ending in ".json" in `directory`, in name order. Every
  // secret value met is added to `redactor`. Throws HostError (config) only when the
  // directory itself cannot be read.
  static ConnectorCatalog load(const std::filesystem::path& directory,
                               const loader::PluginRegistry& plugins, log::Redactor& redactor);

  const std::vector<ConnectorConfig>& connectors() const noexcept { return connectors_; }
  const std::vector<ManifestFailure>& failures() const noexcept { return failures_; }

  // The connector with id `id`. Throws the error of its manifest when that failed,
  // or HostError (config) when no manifest defines it.
  const ConnectorConfig& get(std::string_view id) const;

 private:
  std::filesystem::path directory_;
  std::vector<ConnectorConfig> connectors_;
  std::vector<ManifestFailure> failures_;
};

}  // namespace connector::host::manifest
