#include "provisioning/poll_job.hpp"

#include <connector/store/store.hpp>

#include "isolation/open_instance.hpp"
#include "log/service_log.hpp"
#include "provisioning/operation_poller.hpp"
#include "provisioning/poll_log.hpp"

namespace connector::host::provisioning {
namespace {

// On a worker thread. false (a failure, retried with backoff) when the store failed
// or an operation could not be polled.
bool poll_all(const std::vector<service::ConnectorPtr>& connectors,
              const service::SyncEnvironment& environment) {
  spdlog::logger& logger = *environment.logger;
  bool all_polled = true;
  try {
    store::Store store(environment.state_dir);
    for (const service::ConnectorPtr& connector : connectors) {
      const auto& id = connector->manifest.id;
      if (!connector->manifest.enabled) continue;
      service::LogScope scope(id, "");
      const PollReport report = poll_operations(
          store.db(), id, *environment.redactor,
          [&] {
            return isolation::open_instance(
                *connector, runtime::InstanceEnvironment(environment.logger, environment.secrets,
                                                         environment.redactor));
          },
          store::now());
      log_poll_report(logger, report);
      if (report.failures() > 0) all_polled = false;
    }
  } catch (const std::exception& e) {
    logger.error("pending operations not polled: {}", environment.redactor->redact(e.what()));
    return false;
  }
  return all_polled;
}

}  // namespace

scheduler::Job make_poll_job(std::vector<service::ConnectorPtr> connectors,
                             const service::SyncEnvironment& environment,
                             std::chrono::milliseconds every) {
  return {.key = "poll-operations",
          .every = every,
          .jitter = {},
          .counts_toward_limit = false,
          .run = [connectors = std::move(connectors), &environment] {
            return poll_all(connectors, environment);
          }};
}

}  // namespace connector::host::provisioning
