// Errors of a call into a plugin: the plugin's status and message, or the host
// stopping the call (interrupt, deadline).
#pragma once

#include <connector/status.h>

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

#include "common/error.hpp"

namespace connector::host::runtime {

// The plugin answered with a non-OK status, or broke the ABI's rules (bad item, page
// token too long). what(): "plugin 'fixture': UNAUTHENTICATED: api_key is wrong".
class PluginCallError : public HostError {
 public:
  PluginCallError(std::string_view plugin_id, conn_status status, std::string_view message,
                  boost::json::object details = {});

  conn_status status() const noexcept { return status_; }
  const std::string& plugin_message() const noexcept { return plugin_message_; }
  // eg: {"retry_after_ms":1500,"http_status":429}; empty when the plugin gave none.
  const boost::json::object& details() const noexcept { return details_; }

 protected:
  // For errors worded otherwise (WorkerLostError): `what` is the whole line.
  PluginCallError(conn_status status, std::string what, std::string_view message);

 private:
  conn_status status_;
  std::string plugin_message_;
  boost::json::object details_;
};

// The host stopped a call: a signal (exit 128 + signal) or the deadline (exit 124).
HostError interrupted_error(int signal);
HostError deadline_error(std::string_view operation);

}  // namespace connector::host::runtime
