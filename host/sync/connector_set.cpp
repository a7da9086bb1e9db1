#include "sync/connector_set.hpp"

#include <algorithm>

namespace connector::host::service {
namespace {

bool has_id(const std::vector<ConnectorPtr>& connectors, const std::string& id) {
  return std::any_of(connectors.begin(), connectors.end(),
                     [&](const ConnectorPtr& connector) { return connector->manifest.id == id; });
}

// Errors are one line by design; a reason shown line by line must stay so whatever it holds.
std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  return text;
}

}  // namespace

ReloadReport ConnectorSet::reload(const std::filesystem::path& directory,
                                  const loader::PluginRegistry& plugins, log::Redactor& redactor) {
  const auto catalog = manifest::ConnectorCatalog::load(directory, plugins, redactor);
  ReloadReport report{catalog.failures(), {}};

  std::vector<ConnectorPtr> next;
  for (const auto& connector : catalog.connectors())
    next.push_back(std::make_shared<const manifest::ConnectorConfig>(connector));
  std::vector<ConnectorStatus> failed;
  for (const auto& failure : catalog.failures()) {
    ConnectorStatus status{failure.connector_id,
                           failure.enabled ? ConnectorState::failed : ConnectorState::disabled,
                           one_line(failure.error.what())};
    // The failed file is matched by path, or by id when it got as far as reading one.
    const auto previous = std::find_if(connectors_.begin(), connectors_.end(), [&](const auto& c) {
      return c->manifest.file == failure.file || c->manifest.id == failure.connector_id;
    });
    if (previous != connectors_.end() && !has_id(next, (*previous)->manifest.id)) {
      next.push_back(*previous);
      report.kept.push_back((*previous)->manifest.id);
      status.id = (*previous)->manifest.id;
      status.reason += " (the version loaded before stays in use)";
    }
    failed.push_back(std::move(status));
  }
  std::sort(next.begin(), next.end(), [](const ConnectorPtr& a, const ConnectorPtr& b) {
    return a->manifest.id < b->manifest.id;
  });
  connectors_ = std::move(next);
  failed_ = std::move(failed);
  kept_ = report.kept;
  return report;
}

std::vector<ConnectorStatus> ConnectorSet::statuses() const {
  std::vector<ConnectorStatus> statuses = failed_;
  for (const ConnectorPtr& connector : connectors_) {
    const auto& manifest = connector->manifest;
    if (std::find(kept_.begin(), kept_.end(), manifest.id) != kept_.end()) continue;
    statuses.push_back(
        {manifest.id, manifest.enabled ? ConnectorState::loaded : ConnectorState::disabled, {}});
  }
  std::stable_sort(statuses.begin(), statuses.end(),
                   [](const ConnectorStatus& a, const ConnectorStatus& b) { return a.id < b.id; });
  return statuses;
}

const char* state_name(ConnectorState state) noexcept {
  switch (state) {
    case ConnectorState::loaded:
      return "loaded";
    case ConnectorState::failed:
      return "failed";
    case ConnectorState::disabled:
      return "disabled";
  }
  return "unknown";
}

}  // namespace connector::host::service
