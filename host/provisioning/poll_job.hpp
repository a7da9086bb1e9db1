// The service's job that polls pending provisioning operations: every `every`, for
// each connector with operations to poll, one poll_operations (see operation_poller.hpp)
// with a fresh plugin instance. Light work: it does not count toward the sync limit.
#pragma once

#include <chrono>
#include <vector>

#include "scheduler/scheduler.hpp"
#include "sync/connector_set.hpp"
#include "sync/connector_sync.hpp"

namespace connector::host::provisioning {

// `environment` must outlive the job (the service's own does).
scheduler::Job make_poll_job(std::vector<service::ConnectorPtr> connectors,
                             const service::SyncEnvironment& environment,
                             std::chrono::milliseconds every);

}  // namespace connector::host::provisioning
