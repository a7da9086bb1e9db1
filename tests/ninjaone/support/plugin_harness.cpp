#include "support/plugin_harness.hpp"

#include <boost/json/parse.hpp>

#include <stdexcept>

#include "support/environment.hpp"

namespace ninjaone_test {
namespace {

using test_support::RecordingCall;

// Runs one operation through a fresh RecordingCall and collects what it recorded.
template <class Invoke>
CallResult run(Invoke&& invoke, std::size_t emit_limit = 0, bool cancelled = false) {
  RecordingCall call;
  if (emit_limit != 0) call.stop_after = emit_limit;
  call.cancel = cancelled;
  CallResult result;
  result.status = invoke(call.get());
  if (call.failed_status) {
    result.message = call.fail_message;
    result.details = call.fail_details;
  }
  result.items = call.items();
  result.raw_items = std::move(call.raw_items);
  result.next_page = call.next_page.value_or("");
  return result;
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
    : plugin_(plugin), host_(std::make_unique<test_support::RecordingHost>()) {
  RecordingCall call;
  instance_ = plugin_.table().create(host_->get(), conn_str{config_json.data(), config_json.size()},
                                     call.get());
  create_result_.message = call.fail_message;
  create_result_.details = call.fail_details;
  create_result_.status = call.failed_status.value_or(CONN_OK);
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
  for (std::string& line : instance.host().log_lines()) texts.push_back(std::move(line));
  return texts;
}

}  // namespace ninjaone_test
