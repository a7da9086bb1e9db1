#include "runtime/call_error.hpp"

#include <csignal>

#include "common/status_names.hpp"

namespace connector::host::runtime {

PluginCallError::PluginCallError(std::string_view plugin_id, conn_status status,
                                 std::string_view message, boost::json::object details)
    : HostError(ExitCode::plugin_call, "plugin '" + std::string(plugin_id) +
                                           "': " + std::string(status_name(status)) + ": " +
                                           std::string(message)),
      status_(status),
      plugin_message_(message),
      details_(std::move(details)) {}

PluginCallError::PluginCallError(conn_status status, std::string what, std::string_view message)
    : HostError(ExitCode::plugin_call, what), status_(status), plugin_message_(message) {}

HostError interrupted_error(int signal) {
  const std::string name = signal == SIGTERM ? "SIGTERM" : signal == SIGINT ? "SIGINT" : "a signal";
  return HostError(static_cast<ExitCode>(128 + signal), "cancelled by " + name);
}

HostError deadline_error(std::string_view operation) {
  return HostError(ExitCode::deadline,
                   "the deadline (--timeout) passed during " + std::string(operation));
}

}  // namespace connector::host::runtime
