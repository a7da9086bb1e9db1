// The connectors the service runs, as last loaded from the manifest directory.
//
// On reload (SIGHUP) a manifest that no longer loads (bad JSON, a bad field, a
// config its plugin's schema refuses) is reported and the version loaded before it
// is kept, so an operator's typo never stops a connector that was working. A
// manifest that was removed removes its connector.
//
// Each connector also has a state for readiness and metrics: loaded, disabled, or
// failed (its manifest as it is now did not load, even when an older version still
// runs: what the operator wrote is not in effect).
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

enum class ConnectorState { loaded, failed, disabled };

// One connector as the last reload left it.
struct ConnectorStatus {
  std::string id;
  ConnectorState state = ConnectorState::loaded;
  std::string reason;  // failed: why, on one line (and that an older version runs, if so)
};

class ConnectorSet {
 public:
  // Reads every manifest of `directory`. Throws HostError (config) when the directory
  // itself cannot be read; the set is then unchanged.
  ReloadReport reload(const std::filesystem::path& directory, const loader::PluginRegistry& plugins,
                      log::Redactor& redactor);

  // Sorted by id. Shared: a sync in progress keeps the version it started with.
  const std::vector<ConnectorPtr>& connectors() const noexcept { return connectors_; }

  // Every connector the manifest directory defines, sorted by id. A manifest that
  // failed before saying "enabled": false counts as enabled.
  std::vector<ConnectorStatus> statuses() const;

 private:
  std::vector<ConnectorPtr> connectors_;
  std::vector<ConnectorStatus> failed_;  // the manifests the last reload could not load
  std::vector<std::string> kept_;        // loaded before, failed now: not "loaded"
};

// "loaded", "failed" or "disabled".
const char* state_name(ConnectorState state) noexcept;

}  // namespace connector::host::service
