// The conn_host one instance receives: log and store_secret, bound to its connector.
#pragma once

#include <connector/host.h>
#include <spdlog/logger.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "log/redactor.hpp"
#include "runtime/secret_store.hpp"

namespace connector::host::runtime {

// Where conn_host.add_to_counter (ABI 1.1) goes: (connector id, name, labels_json,
// delta), copied strings not needed past the call. Service mode points it at its
// metrics registry (which checks host.h's rules); one-shot commands leave it empty
// and the counts are dropped. Must be thread-safe and must not throw.
using CounterSink = std::function<void(std::string_view connector_id, std::string_view name,
                                       std::string_view labels_json, double delta)>;

class HostServices {
 public:
  // All references must outlive this object (and so the instance it serves).
  // `secret_fields` are the plugin's (loader::ConfigSchema::secret_fields):
  // store_secret accepts only a key is_storable_secret allows, so none without them.
  HostServices(std::string connector_id, std::shared_ptr<spdlog::logger> logger,
               SecretStore& secrets, log::Redactor& redactor, CounterSink counters = {},
               std::vector<std::string> secret_fields = {});
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
  std::vector<std::string> secret_fields_;
  log::Redactor& redactor_;
  CounterSink counters_;
};

}  // namespace connector::host::runtime
