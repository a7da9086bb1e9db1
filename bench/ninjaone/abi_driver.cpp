#include "abi_driver.hpp"

#include <connector/abi.h>

#include <boost/dll/shared_library.hpp>
#include <boost/json/parse.hpp>

#include <chrono>
#include <stdexcept>
#include <vector>

#include "support/host_calls.hpp"

namespace ninjaone_bench {
namespace {

using test_support::RecordingCall;

// A call that counts the items it is given and keeps none: a benchmark must not grow.
RecordingCall counting_call() {
  return RecordingCall([](std::string_view) { return true; });
}

}  // namespace

SyncFigures full_sync(const std::string& plugin_path, const std::string& config_json) {
  boost::dll::shared_library library(plugin_path, boost::dll::load_mode::rtld_now);
  auto& entry = library.get<const conn_plugin*(uint32_t, uint32_t)>("conn_plugin_entry");
  const conn_plugin* plugin = entry(CONN_ABI_MAJOR, CONN_ABI_MINOR);
  if (plugin == nullptr) throw std::runtime_error("the plugin refused the ABI version");

  test_support::RecordingHost host;
  SyncFigures figures;
  RecordingCall create_call;
  conn_instance* instance = plugin->create(
      host.get(), conn_str{config_json.data(), config_json.size()}, create_call.get());
  if (instance == nullptr) {
    figures.failure = "create: " + create_call.fail_message;
    return figures;
  }

  // The list calls below are one walk (ABI 1.2), as a host's sync makes them, so the
  // plugin may serve the entitlements and grants from what the resources fetched. The
  // instance is new and does this one walk, so a fixed id is a fresh one.
  const std::string walk_id = "ninjaone-bench-full-sync";

  // Every page of one list operation; false after a failure.
  auto list_all = [&](auto operation, const std::string& label, const std::string& type,
                      const std::string& resource_id) {
    std::string token;
    const auto started = std::chrono::steady_clock::now();
    struct Clock {  // adds this operation's wall time to its label, however it ends
      SyncFigures& figures;
      const std::string& label;
      std::chrono::steady_clock::time_point started;
      ~Clock() {
        figures.seconds_by_label[label] +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      }
    } clock{figures, label, started};
    for (int page = 0; page < 1'000'000; ++page) {
      RecordingCall call = counting_call();
      conn_list_request request{};
      request.struct_size = sizeof(request);
      request.resource_type = conn_str{type.data(), type.size()};
      request.resource_id = conn_str{resource_id.data(), resource_id.size()};
      request.page_token = conn_str{token.data(), token.size()};
      request.walk_id = conn_str{walk_id.data(), walk_id.size()};
      const conn_status status = operation(instance, call.get(), &request);
      figures.items[label] += call.item_count;
      figures.item_bytes += call.item_bytes;
      ++figures.abi_pages;
      if (status != CONN_OK) {
        figures.failure = label + ": status " + std::to_string(status) + ": " + call.fail_message;
        return false;
      }
      if (call.next_page.value_or("").empty()) return true;
      token = *call.next_page;
    }
    figures.failure = label + ": too many pages";
    return false;
  };

  const auto start = std::chrono::steady_clock::now();
  RecordingCall types;  // keeps its few items
  if (plugin->list_resource_types(instance, types.get()) != CONN_OK) {
    figures.failure = "list_resource_types: " + types.fail_message;
  }
  bool ok = figures.failure.empty();
  for (const std::string& item : types.raw_items) {
    if (!ok) break;
    const std::string type(boost::json::parse(item).at("id").as_string());
    ok = list_all(plugin->list_resources, "resources:" + type, type, "");
  }
  ok = ok && list_all(plugin->list_entitlements, "entitlements", "", "");
  ok = ok && list_all(plugin->list_grants, "grants", "", "");
  if (CONN_HAS_MEMBER(plugin, conn_plugin, end_walk) && plugin->end_walk != nullptr) {
    plugin->end_walk(instance, conn_str{walk_id.data(), walk_id.size()});
  }
  figures.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  plugin->destroy(instance);  // logs the client's traffic summary
  const std::vector<std::string> log = host.log_lines();
  if (!log.empty()) figures.client_summary = log.back();
  return figures;
}

}  // namespace ninjaone_bench
