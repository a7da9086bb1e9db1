// The service's job that revokes due timed grants: every `every` (30 s by default, so
// a grant is revoked at most 60 s after it expires, also after a restart: the timers
// are in the store and a new job runs at once), for each enabled connector, one
// expire_due (timed_grants.hpp) with a plugin instance made only when a grant is
// due. Light work: it does not count toward the sync limit. After each connector,
// `record_counts` gets its active and overdue timers (the metrics gauge).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <connector/store/timed_grants.hpp>

#include "scheduler/scheduler.hpp"
#include "sync/connector_set.hpp"
#include "sync/connector_sync.hpp"

namespace connector::host::provisioning {

using TimedGrantGauge = std::function<void(const std::string& connector, store::TimedGrantCounts)>;

// `environment` must outlive the job (the service's own does).
scheduler::Job make_expiry_job(std::vector<service::ConnectorPtr> connectors,
                               const service::SyncEnvironment& environment,
                               std::chrono::milliseconds every, TimedGrantGauge record_counts);

}  // namespace connector::host::provisioning
