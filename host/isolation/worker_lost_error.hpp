// A plugin call that failed because the plugin's worker process was lost.
#pragma once

#include <string>

#include "runtime/call_error.hpp"

namespace connector::host::isolation {

// The worker crashed, exited, stopped answering or ran out of memory, and was ended;
// what() is one line naming the plugin, what happened and where, eg: "plugin
// 'crashing' crashed (SIGSEGV) in list_resources". status(): UNAVAILABLE (retryable:
// the next instance gets a new worker), RESOURCE_EXHAUSTED for memory. The service
// counts a sync that fails with it as outcome "crashed".
class WorkerLostError : public runtime::PluginCallError {
 public:
  WorkerLostError(const std::string& plugin_id, conn_status status, const std::string& event)
      : PluginCallError(status, "plugin '" + plugin_id + "' " + event, event) {}
};

}  // namespace connector::host::isolation
