#include "support/plugin_harness.hpp"

#include <boost/json/parse.hpp>

#include <stdexcept>

#include "support/environment.hpp"

namespace ninjaone_test {
namespace {

std::string to_string(conn_str s) {
  return s.data == nullptr ? std::string() : std::string(s.data, s.size);
}

// The host side of one call, reached through conn_call::host_data.
struct CallState {
  CallResult result;
  std::size_t emit_limit = 0;  // 0: take every item
  bool cancelled = false;
};

CallState& state_of(const conn_call* call) { return *static_cast<CallState*>(call->host_data); }

conn_call make_call(CallState& state) {
  conn_call call{};
  call.struct_size = sizeof(conn_call);
  call.host_data = &state;
  call.cancelled = [](const conn_call* c) { return state_of(c).cancelled ? 1 : 0; };
  call.remaining_ms = [](const conn_call*) -> int64_t { return -1; };
  call.emit = [](const conn_call* c, conn_str item) {
    CallResult& r = state_of(c).result;
    r.raw_items.push_back(to_string(item));
    r.items.push_back(boost::json::parse(r.raw_items.back()));
    const std::size_t limit = state_of(c).emit_limit;
    return limit == 0 || r.items.size() < limit ? 1 : 0;
  };
  call.next_page = [](const conn_call* c, conn_str token) {
    state_of(c).result.next_page = to_string(token);
  };
  call.fail = [](const conn_call* c, conn_status status, conn_str message, conn_str details) {
    CallResult& r = state_of(c).result;
    r.status = status;
    r.message = to_string(message);
    r.details = to_string(details);
  };
  return call;
}

template <class Invoke>
CallResult run(Invoke&& invoke, std::size_t emit_limit = 0, bool cancelled = false) {
  CallState state;
  state.emit_limit = emit_limit;
  state.cancelled = cancelled;
  const conn_call call = make_call(state);
  const conn_status status = invoke(&call);
  state.result.status = status;
  return state.result;
}

}  // namespace

Plugin::Plugin()
    : library_(test_support::required_env("NINJAONE_PLUGIN"),
               boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local) {
  auto& entry = library_.get<const conn_plugin*(uint32_t, uint32_t)>("conn_plugin_entry");
  table_ = entry(CONN_ABI_MAJOR, CONN_ABI_MINOR);
  if (table_ == nullptr) throw std::runtime_error("conn_plugin_entry refused ABI major 1");
}

Instance::Instance(const Plugin& plugin, const std::string& config_json)
    : plugin_(plugin), record_(std::make_unique<HostRecord>()) {
  host_.struct_size = sizeof(conn_host);
  host_.host_data = record_.get();
  host_.name = "ninjaone-test";
  host_.version = "0";
  host_.log = [](const conn_host* h, conn_log_level, conn_str message) {
    auto& record = *static_cast<HostRecord*>(h->host_data);
    std::lock_guard lock(record.mutex);
    record.log_lines.push_back(to_string(message));
  };
  host_.store_secret = [](const conn_host* h, conn_str key, conn_str value) -> conn_status {
    auto& record = *static_cast<HostRecord*>(h->host_data);
    std::lock_guard lock(record.mutex);
    record.stored_secrets[to_string(key)] = to_string(value);
    return CONN_OK;
  };
  CallState state;
  const conn_call call = make_call(state);
  instance_ =
      plugin_.table().create(&host_, conn_str{config_json.data(), config_json.size()}, &call);
  create_result_ = state.result;
  if (instance_ == nullptr && create_result_.status == CONN_OK)
    create_result_.status = CONN_UNKNOWN;
}

Instance::~Instance() {
  if (instance_ != nullptr) plugin_.table().destroy(instance_);
}

CallResult Instance::validate() {
  return run([&](const conn_call* c) { return plugin_.table().validate(instance_, c); });
}

CallResult Instance::list_resource_types() {
  return run([&](const conn_call* c) { return plugin_.table().list_resource_types(instance_, c); });
}

CallResult Instance::list_page(Op op, const std::string& type_or_id, const std::string& token,
                               uint32_t page_size) {
  conn_list_request request{};
  request.struct_size = abi_1_1_host_ ? static_cast<uint32_t>(offsetof(conn_list_request, walk_id))
                                      : static_cast<uint32_t>(sizeof(request));
  request.walk_id = conn_str{walk_id_.data(), walk_id_.size()};
  const conn_str subject{type_or_id.data(), type_or_id.size()};
  if (op == Op::resources) {
    request.resource_type = subject;
  } else {
    request.resource_id = subject;
  }
  request.page_token = conn_str{token.data(), token.size()};
  request.page_size = page_size;
  return run(
      [&](const conn_call* c) -> conn_status {
        switch (op) {
          case Op::resources:
            return plugin_.table().list_resources(instance_, c, &request);
          case Op::entitlements:
            return plugin_.table().list_entitlements(instance_, c, &request);
          case Op::grants:
            return plugin_.table().list_grants(instance_, c, &request);
        }
        return CONN_INTERNAL;
      },
      emit_limit_, cancelled_);
}

bool Instance::end_walk(const std::string& walk_id) {
  const conn_plugin& table = plugin_.table();
  if (!CONN_HAS_MEMBER(&table, conn_plugin, end_walk) || table.end_walk == nullptr) return false;
  table.end_walk(instance_, conn_str{walk_id.data(), walk_id.size()});
  return true;
}

CallResult Instance::grant(const std::string& entitlement, const std::string& principal) {
  const conn_grant_request request{sizeof(conn_grant_request),
                                   conn_str{entitlement.data(), entitlement.size()},
                                   conn_str{principal.data(), principal.size()}, 0};
  return run([&](const conn_call* c) { return plugin_.table().grant(instance_, c, &request); });
}

CallResult Instance::list_all(Op op, const std::string& type_or_id, uint32_t page_size,
                              int* pages) {
  CallResult all;
  std::string token;
  for (int page = 1; page <= 100000; ++page) {  // bounded: a plugin looping forever fails
    CallResult one = list_page(op, type_or_id, token, page_size);
    if (pages) *pages = page;
    all.items.insert(all.items.end(), one.items.begin(), one.items.end());
    all.raw_items.insert(all.raw_items.end(), one.raw_items.begin(), one.raw_items.end());
    if (one.status != CONN_OK) {
      all.status = one.status;
      all.message = one.message;
      all.details = one.details;
      return all;
    }
    if (one.next_page.empty()) return all;
    if (one.next_page == token) throw std::runtime_error("the plugin repeated a page token");
    token = one.next_page;
  }
  throw std::runtime_error("more than 100000 pages");
}

std::vector<std::string> everything_emitted(Instance& instance,
                                            const std::vector<CallResult>& results) {
  std::vector<std::string> texts;
  auto add = [&](const CallResult& r) {
    texts.push_back(r.message);
    texts.push_back(r.details);
    texts.insert(texts.end(), r.raw_items.begin(), r.raw_items.end());
  };
  add(instance.create_result());
  for (const auto& r : results) add(r);
  std::lock_guard lock(instance.host_record().mutex);
  texts.insert(texts.end(), instance.host_record().log_lines.begin(),
               instance.host_record().log_lines.end());
  return texts;
}

}  // namespace ninjaone_test
