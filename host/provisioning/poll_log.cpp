#include "provisioning/poll_log.hpp"

namespace connector::host::provisioning {

void log_poll_report(spdlog::logger& logger, const PollReport& report) {
  for (const PolledOperation& operation : report.operations) {
    if (operation.failed) {
      logger.error("operation {}: {}", operation.id, operation.detail);
    } else if (operation.status_unknown) {
      logger.warn("operation {}: {}", operation.id, operation.detail);
    } else if (operation.after != operation.before) {
      logger.info("operation {}: {} -> {}: {}", operation.id, store::to_string(operation.before),
                  store::to_string(operation.after), operation.detail);
    }
  }
}

}  // namespace connector::host::provisioning
