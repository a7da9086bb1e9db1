// Makes a connector's instance the way its manifest says: in a worker process of its
// own ("isolation": "process", the default) or inside the host ("in-process").
//
// Every place that instantiates a connector goes through here (commands' Session,
// the sync engine, the provisioning poller), so a connector behaves alike in
// one-shot commands and in service mode: `validate` checks what `run` will run.
#pragma once

#include <memory>

#include "manifest/connector_catalog.hpp"
#include "runtime/instance.hpp"

namespace connector::host::isolation {

// Throws what InProcessInstance::create or WorkerInstance::create throws.
std::unique_ptr<runtime::Instance> open_instance(const manifest::ConnectorConfig& connector,
                                                 runtime::InstanceEnvironment environment);

}  // namespace connector::host::isolation
