// The conn_host one instance receives: log and store_secret, bound to its connector.
#pragma once

#include <connector/host.h>
#include <spdlog/logger.h>

#include <memory>
#include <string>

#include "log/redactor.hpp"
#include "runtime/plugin_counters.hpp"
#include "runtime/secret_store.hpp"

namespace connector::host::runtime {

class HostServices {
 public:
  // All references must outlive this object (and so the instance it serves).
  // `counters` may be null: the plugin's counters are then dropped.
  HostServices(std::string connector_id, std::shared_ptr<spdlog::logger> logger,
               SecretStore& secrets, log::Redactor& redactor, PluginCounters* counters = nullptr);
  HostServices(const HostServices&) = delete;
  HostServices& operator=(const HostServices&) = delete;

  // Stable address: the plugin keeps this pointer until destroy.
  const conn_host* raw() const noexcept { return &host_; }

 private:
  static void on_log(const conn_host* host, conn_log_level level, conn_str message);
  static conn_status on_store_secret(const conn_host* host, conn_str key, conn_str value);
  static void on_add_to_counter(const conn_host* host, conn_str name, conn_str labels_json,
                                double delta);
  static HostServices& self(const conn_host* host) noexcept;

  conn_host host_{};
  std::string connector_id_;
  std::shared_ptr<spdlog::logger> logger_;
  SecretStore& secrets_;
  log::Redactor& redactor_;
  PluginCounters* counters_;
};

}  // namespace connector::host::runtime
