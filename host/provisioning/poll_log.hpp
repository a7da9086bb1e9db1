// How a poll of pending operations is told in the log (stderr for the CLI, the
// service's log in service mode): changes at info, unknown statuses at warn (an
// operator should map them in config.ticket.status_map), failures at error.
#pragma once

#include <spdlog/logger.h>

#include "provisioning/operation_poller.hpp"

namespace connector::host::provisioning {

void log_poll_report(spdlog::logger& logger, const PollReport& report);

}  // namespace connector::host::provisioning
