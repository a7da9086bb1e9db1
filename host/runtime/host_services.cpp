#include "runtime/host_services.hpp"

#include <exception>
#include <string_view>

#include "common/version.hpp"

namespace connector::host::runtime {
namespace {

std::string_view view(conn_str s) noexcept {
  return s.data == nullptr ? std::string_view{} : std::string_view(s.data, s.size);
}

spdlog::level::level_enum to_spdlog(conn_log_level level) noexcept {
  switch (level) {
    case CONN_LOG_DEBUG:
      return spdlog::level::debug;
    case CONN_LOG_INFO:
      return spdlog::level::info;
    case CONN_LOG_WARN:
      return spdlog::level::warn;
    default:
      return spdlog::level::err;
  }
}

}  // namespace

HostServices::HostServices(std::string connector_id, std::shared_ptr<spdlog::logger> logger,
                           SecretStore& secrets, log::Redactor& redactor, CounterSink counters,
                           std::vector<std::string> secret_fields)
    : connector_id_(std::move(connector_id)),
      logger_(std::move(logger)),
      secrets_(secrets),
      secret_fields_(std::move(secret_fields)),
      redactor_(redactor),
      counters_(std::move(counters)) {
  host_.struct_size = sizeof(conn_host);
  host_.host_data = this;
  host_.name = "connector-host";
  host_.version = host_version;
  host_.log = &on_log;
  host_.store_secret = &on_store_secret;
  host_.add_to_counter = &on_add_to_counter;
}

HostServices& HostServices::self(const conn_host* host) noexcept {
  return *static_cast<HostServices*>(host->host_data);
}

void HostServices::on_log(const conn_host* host, conn_log_level level, conn_str message) {
  try {
    const HostServices& services = self(host);
    // The sink redacts; the message goes as an argument so braces in it are not a format.
    services.logger_->log(to_spdlog(level), "connector '{}': {}", services.connector_id_,
                          view(message));
  } catch (...) {  // logging must never take the plugin down
  }
}

conn_status HostServices::on_store_secret(const conn_host* host, conn_str key, conn_str value) {
  HostServices& services = self(host);
  try {
    if (view(key).empty() || view(value).empty()) return CONN_INVALID_ARGUMENT;
    // Known before it is written, so that no later line can print it.
    services.redactor_.add(view(value));
    if (!is_storable_secret(view(key), services.secret_fields_)) {
      services.logger_->error(
          "connector '{}': refused to store '{}': not a top-level field its plugin's config "
          "schema marks \"x-secret\"",
          services.connector_id_, view(key));
      return CONN_INVALID_ARGUMENT;
    }
    services.secrets_.write(services.connector_id_, services.secret_fields_, view(key),
                            view(value));
    services.logger_->info("connector '{}': stored a new value of '{}'", services.connector_id_,
                           view(key));
    return CONN_OK;
  } catch (const std::exception& e) {
    try {
      services.logger_->error("connector '{}': could not store secret '{}': {}",
                              services.connector_id_, view(key), e.what());
    } catch (...) {
    }
    return CONN_UNAVAILABLE;
  } catch (...) {
    return CONN_INTERNAL;
  }
}

void HostServices::on_add_to_counter(const conn_host* host, conn_str name, conn_str labels_json,
                                     double delta) {
  HostServices& services = self(host);
  try {
    if (services.counters_)
      services.counters_(services.connector_id_, view(name), view(labels_json), delta);
  } catch (...) {  // a counter must never take the plugin down
  }
}

}  // namespace connector::host::runtime
