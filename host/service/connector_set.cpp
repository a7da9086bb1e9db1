#include "service/connector_set.hpp"

#include <algorithm>

namespace connector::host::service {
namespace {

bool has_id(const std::vector<ConnectorPtr>& connectors, const std::string& id) {
  return std::any_of(connectors.begin(), connectors.end(),
                     [&](const ConnectorPtr& connector) { return connector->manifest.id == id; });
}

}  // namespace

ReloadReport ConnectorSet::reload(const std::filesystem::path& directory,
                                  const loader::PluginRegistry& plugins, log::Redactor& redactor) {
  const auto catalog = manifest::ConnectorCatalog::load(directory, plugins, redactor);
  ReloadReport report{catalog.failures(), {}};

  std::vector<ConnectorPtr> next;
  for (const auto& connector : catalog.connectors())
    next.push_back(std::make_shared<const manifest::ConnectorConfig>(connector));
  for (const auto& failure : catalog.failures()) {
    // The failed file is matched by path, or by id when it got as far as reading one.
    const auto previous = std::find_if(connectors_.begin(), connectors_.end(), [&](const auto& c) {
      return c->manifest.file == failure.file || c->manifest.id == failure.connector_id;
    });
    if (previous == connectors_.end() || has_id(next, (*previous)->manifest.id)) continue;
    next.push_back(*previous);
    report.kept.push_back((*previous)->manifest.id);
  }
  std::sort(next.begin(), next.end(), [](const ConnectorPtr& a, const ConnectorPtr& b) {
    return a->manifest.id < b->manifest.id;
  });
  connectors_ = std::move(next);
  return report;
}

}  // namespace connector::host::service
