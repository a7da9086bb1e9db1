#include "worker/worker_services.hpp"

#include <exception>
#include <string>
#include <string_view>

#include "common/version.hpp"

namespace connector::host::worker {
namespace {

namespace protocol = worker_protocol;

std::string text(conn_str s) {
  return s.data == nullptr ? std::string() : std::string(s.data, s.size);
}

}  // namespace

WorkerServices::WorkerServices(HostLink& link) : link_(link) {
  host_.struct_size = sizeof(conn_host);
  host_.host_data = this;
  host_.name = "connector-host";
  host_.version = host_version;
  host_.log = &on_log;
  host_.store_secret = &on_store_secret;
  host_.add_to_counter = &on_add_to_counter;
}

HostLink& WorkerServices::link(const conn_host* host) noexcept {
  return static_cast<const WorkerServices*>(host->host_data)->link_;
}

void WorkerServices::on_log(const conn_host* host, conn_log_level level, conn_str message) {
  try {
    link(host).send(protocol::MessageType::log, protocol::LogLine{level, text(message)});
  } catch (const std::exception&) {  // logging must never take the plugin down
  }
}

conn_status WorkerServices::on_store_secret(const conn_host* host, conn_str key, conn_str value) {
  try {
    return link(host).store_secret(text(key), text(value));
  } catch (const std::exception&) {
    return CONN_INTERNAL;
  }
}

void WorkerServices::on_add_to_counter(const conn_host* host, conn_str name, conn_str labels_json,
                                       double delta) {
  try {
    link(host).send(protocol::MessageType::add_to_counter,
                    protocol::CounterIncrement{text(name), text(labels_json), delta});
  } catch (const std::exception&) {  // a counter must never take the plugin down
  }
}

}  // namespace connector::host::worker
