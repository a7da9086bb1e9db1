// `connector-host run`: the long-running service.
//
// Loads the plugins and manifests, schedules one sync job per enabled connector that
// has schedule.sync_every (plus housekeeping jobs), serves /healthz, /readyz and
// /metrics, and reacts to signals on the I/O thread (asio::signal_set):
//  - SIGTERM, SIGINT: stop taking work, cancel the plugin calls in progress (the
//    runtime's cancellation flag, which every call context polls), wait for the syncs
//    to end for at most the grace period, exit 0. A second signal exits at once.
//  - SIGHUP: reload the manifests; a manifest that fails keeps its previous version.
// /readyz is 503 while any enabled connector's manifest (as it is now) did not load,
// naming each; /metrics always carries the host's build, its connectors and plugins by
// state, and the process metrics (host_state_metrics.hpp, process_collector.hpp).
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>

#include "log/service_log.hpp"
#include "session/session.hpp"

namespace connector::host::service {

struct ServiceOptions {
  boost::asio::ip::tcp::endpoint listen{boost::asio::ip::make_address("127.0.0.1"), 9464};
  // When set, the bound port is written there ("9464\n") once the server listens:
  // how a supervisor or a test learns the port picked for --listen 127.0.0.1:0.
  std::optional<std::filesystem::path> port_file;
  std::size_t max_concurrent_syncs = 2;
  std::chrono::milliseconds grace_period{std::chrono::seconds(10)};  // 0: do not wait
  std::chrono::milliseconds pending_operations_every{std::chrono::seconds(30)};
  // How often due timed grants are revoked: a grant is revoked at most twice this late.
  std::chrono::milliseconds timed_grants_every{std::chrono::seconds(30)};
  // Sync every scheduled connector once, then exit: 0 when none failed, else 5.
  bool once = false;
  LogFormat log_format = LogFormat::console;
};

// Runs until stopped (see above). Returns the exit code. Throws HostError when it
// cannot start (plugin directory unreadable, manifest directory unreadable, address
// in use).
int run_service(commands::Session& session, const ServiceOptions& options);

}  // namespace connector::host::service
