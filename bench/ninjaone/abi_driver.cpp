#include "abi_driver.hpp"

#include <connector/abi.h>

#include <boost/dll/shared_library.hpp>
#include <boost/json/parse.hpp>

#include <chrono>
#include <stdexcept>
#include <vector>

namespace ninjaone_bench {
namespace {

std::string text(conn_str s) {
  return s.data == nullptr ? std::string() : std::string(s.data, s.size);
}

struct CallState {
  std::uint64_t items = 0;
  std::uint64_t bytes = 0;
  std::vector<std::string> item_texts;  // only for list_resource_types
  bool keep_items = false;
  std::string next_page;
  std::string failure;
};

struct HostState {
  std::string last_log_line;
};

conn_call make_call(CallState& state) {
  conn_call call{};
  call.struct_size = sizeof(call);
  call.host_data = &state;
  call.cancelled = [](const conn_call*) { return 0; };
  call.remaining_ms = [](const conn_call*) -> int64_t { return -1; };
  call.emit = [](const conn_call* c, conn_str item) {
    auto& s = *static_cast<CallState*>(c->host_data);
    ++s.items;
    s.bytes += item.size;
    if (s.keep_items) s.item_texts.push_back(text(item));
    return 1;
  };
  call.next_page = [](const conn_call* c, conn_str token) {
    static_cast<CallState*>(c->host_data)->next_page = text(token);
  };
  call.fail = [](const conn_call* c, conn_status status, conn_str message, conn_str) {
    static_cast<CallState*>(c->host_data)->failure =
        "status " + std::to_string(status) + ": " + text(message);
  };
  return call;
}

}  // namespace

SyncFigures full_sync(const std::string& plugin_path, const std::string& config_json) {
  boost::dll::shared_library library(plugin_path, boost::dll::load_mode::rtld_now);
  auto& entry = library.get<const conn_plugin*(uint32_t, uint32_t)>("conn_plugin_entry");
  const conn_plugin* plugin = entry(CONN_ABI_MAJOR, CONN_ABI_MINOR);
  if (plugin == nullptr) throw std::runtime_error("the plugin refused the ABI version");

  HostState host_state;
  conn_host host{};
  host.struct_size = sizeof(host);
  host.host_data = &host_state;
  host.name = "ninjaone-bench";
  host.version = "0";
  host.log = [](const conn_host* h, conn_log_level, conn_str message) {
    static_cast<HostState*>(h->host_data)->last_log_line = text(message);
  };

  SyncFigures figures;
  CallState create_state;
  const conn_call create_call = make_call(create_state);
  conn_instance* instance =
      plugin->create(&host, conn_str{config_json.data(), config_json.size()}, &create_call);
  if (instance == nullptr) {
    figures.failure = "create: " + create_state.failure;
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
      CallState state;
      const conn_call call = make_call(state);
      conn_list_request request{};
      request.struct_size = sizeof(request);
      request.resource_type = conn_str{type.data(), type.size()};
      request.resource_id = conn_str{resource_id.data(), resource_id.size()};
      request.page_token = conn_str{token.data(), token.size()};
      request.walk_id = conn_str{walk_id.data(), walk_id.size()};
      const conn_status status = operation(instance, &call, &request);
      figures.items[label] += state.items;
      figures.item_bytes += state.bytes;
      ++figures.abi_pages;
      if (status != CONN_OK) {
        figures.failure = label + ": " + state.failure;
        return false;
      }
      if (state.next_page.empty()) return true;
      token = state.next_page;
    }
    figures.failure = label + ": too many pages";
    return false;
  };

  const auto start = std::chrono::steady_clock::now();
  CallState types;
  types.keep_items = true;
  const conn_call types_call = make_call(types);
  if (plugin->list_resource_types(instance, &types_call) != CONN_OK) {
    figures.failure = "list_resource_types: " + types.failure;
  }
  bool ok = figures.failure.empty();
  for (const std::string& item : types.item_texts) {
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
  figures.client_summary = host_state.last_log_line;
  return figures;
}

}  // namespace ninjaone_bench
