#include "provisioning/expiry_job.hpp"

#include <connector/store/store.hpp>

#include <memory>

#include "isolation/open_instance.hpp"
#include "log/service_log.hpp"
#include "provisioning/timed_grants.hpp"

namespace connector::host::provisioning {
namespace {

// On a worker thread. false (the job is retried with the scheduler's backoff) when
// the store failed or a revoke failed; each failed grant also has its own retry time.
bool expire_all(const std::vector<service::ConnectorPtr>& connectors,
                const service::SyncEnvironment& environment, const TimedGrantGauge& record_counts) {
  spdlog::logger& logger = *environment.logger;
  bool all_revoked = true;
  try {
    store::Store store(environment.state_dir);
    for (const service::ConnectorPtr& connector : connectors) {
      const auto& id = connector->manifest.id;
      if (!connector->manifest.enabled) {
        // A disabled connector is refused by every command, expiry included; its due
        // grants still show as overdue, for the alert that says someone must act.
        if (record_counts)
          record_counts(id, store::count_timed_grants(store.db(), id, store::now()));
        continue;
      }
      service::LogScope scope(id, "");
      std::unique_ptr<runtime::Instance> instance;
      const ProvisioningEnvironment provisioning{
          *connector, store.db(),
          [&]() -> runtime::Instance& {
            if (!instance) {
              // In a worker process or in-process, as the connector's manifest says.
              instance = isolation::open_instance(
                  *connector, runtime::InstanceEnvironment(environment.logger, environment.secrets,
                                                           environment.redactor));
            }
            return *instance;
          },
          logger, *environment.redactor};
      try {
        const store::TimePoint now = store::now();
        expire_due(provisioning, now, now, false, [&](const Expiry& expiry) {
          if (expiry.status == "failed") {
            all_revoked = false;  // expire_due logged it at warn
          } else {
            logger.info("timed grant {} ({} of {}) expired at {}: {}", expiry.grant.id,
                        expiry.grant.entitlement, expiry.grant.principal,
                        store::to_iso8601(expiry.grant.expires_at), expiry.status);
          }
        });
      } catch (const std::exception& e) {
        all_revoked = false;
        logger.error("timed grants not expired: {}", environment.redactor->redact(e.what()));
      }
      if (record_counts) record_counts(id, store::count_timed_grants(store.db(), id, store::now()));
    }
  } catch (const std::exception& e) {
    logger.error("timed grants not expired: the store failed: {}",
                 environment.redactor->redact(e.what()));
    return false;
  }
  return all_revoked;
}

}  // namespace

scheduler::Job make_expiry_job(std::vector<service::ConnectorPtr> connectors,
                               const service::SyncEnvironment& environment,
                               std::chrono::milliseconds every, TimedGrantGauge record_counts) {
  return {.key = "expire-timed-grants",
          .every = every,
          .jitter = {},
          .counts_toward_limit = false,
          .run = [connectors = std::move(connectors), &environment,
                  record_counts = std::move(record_counts)] {
            return expire_all(connectors, environment, record_counts);
          }};
}

}  // namespace connector::host::provisioning
