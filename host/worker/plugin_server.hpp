// Runs the host's calls on the plugin, one at a time, on the worker's main thread:
// create, then the operations, then destroy.
#pragma once

#include <connector/plugin.h>

#include "worker/host_link.hpp"
#include "worker/worker_services.hpp"
#include "worker_protocol/messages.hpp"

namespace connector::host::worker {

class WorkerCall;

class PluginServer {
 public:
  PluginServer(HostLink& link, const conn_plugin& table)
      : link_(link), table_(table), services_(link) {}
  PluginServer(const PluginServer&) = delete;
  PluginServer& operator=(const PluginServer&) = delete;

  // Runs `request` and sends its result. False once the instance is destroyed: the
  // worker's work is done.
  bool serve(const worker_protocol::CallRequest& request);

 private:
  // What the operation returned.
  std::int32_t run(const worker_protocol::CallRequest& request, WorkerCall& call);

  HostLink& link_;
  const conn_plugin& table_;
  WorkerServices services_;
  conn_instance* instance_ = nullptr;
};

}  // namespace connector::host::worker
