// The connectors the service runs, as last loaded from the manifest directory.
//
// On reload (SIGHUP) a manifest that no longer loads (bad JSON, a bad field, a
// config its plugin's schema refuses) is reported and the version loaded before it
// is kept, so an operator's typo never stops a connector that was working. A
// manifest that was removed removes its connector.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "loader/plugin_registry.hpp"
#include "log/redactor.hpp"
#include "manifest/connector_catalog.hpp"

namespace connector::host::service {

using ConnectorPtr = std::shared_ptr<const manifest::ConnectorConfig>;

struct ReloadReport {
  std::vector<manifest::ManifestFailure> failures;  // every manifest that failed to load
  std::vector<std::string> kept;  // connectors whose previous version stays in use
};

class ConnectorSet {
 public:
  // Reads every manifest of `directory`. Throws HostError (config) when the directory
  // itself cannot be read; the set is then unchanged.
  ReloadReport reload(const std::filesystem::path& directory, const loader::PluginRegistry& plugins,
                      log::Redactor& redactor);

  // Sorted by id. Shared: a sync in progress keeps the version it started with.
  const std::vector<ConnectorPtr>& connectors() const noexcept { return connectors_; }

 private:
  std::vector<ConnectorPtr> connectors_;
};

}  // namespace connector::host::service
