// The conn_host a plugin receives in the worker: log, store_secret and
// add_to_counter become messages to the host, which serves them as it serves an
// in-process plugin (redaction, the secret store, the metrics).
#pragma once

#include <connector/host.h>

#include "worker/host_link.hpp"

namespace connector::host::worker {

class WorkerServices {
 public:
  explicit WorkerServices(HostLink& link);
  WorkerServices(const WorkerServices&) = delete;
  WorkerServices& operator=(const WorkerServices&) = delete;

  // Stable address: the plugin keeps this pointer until destroy.
  const conn_host* raw() const noexcept { return &host_; }

 private:
  static void on_log(const conn_host* host, conn_log_level level, conn_str message);
  static conn_status on_store_secret(const conn_host* host, conn_str key, conn_str value);
  static void on_add_to_counter(const conn_host* host, conn_str name, conn_str labels_json,
                                double delta);
  static HostLink& link(const conn_host* host) noexcept;

  conn_host host_{};
  HostLink& link_;
};

}  // namespace connector::host::worker
