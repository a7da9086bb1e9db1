#include "isolation/open_instance.hpp"

#include "isolation/sandbox_policy.hpp"
#include "isolation/worker_command.hpp"
#include "isolation/worker_instance.hpp"
#include "runtime/in_process_instance.hpp"

namespace connector::host::isolation {

std::unique_ptr<runtime::Instance> open_instance(const manifest::ConnectorConfig& connector,
                                                 runtime::InstanceEnvironment environment) {
  const manifest::Manifest& manifest = connector.manifest;
  if (manifest.isolation == manifest::Isolation::in_process) {
    return runtime::InProcessInstance::create(connector.plugin, manifest.id, connector.config,
                                              std::move(environment));
  }
  WorkerSettings settings;
  settings.executable = worker_executable();
  settings.limits = manifest.limits;
  settings.sandbox = sandbox_paths(*connector.plugin, manifest.config);
  return WorkerInstance::create(connector.plugin, manifest.id, connector.config,
                                std::move(environment), std::move(settings));
}

}  // namespace connector::host::isolation
