#include "support/plugin.hpp"

#include <stdexcept>

#include "support/environment.hpp"

namespace scim_test {

using test_support::RecordingCall;

Plugin::Plugin()
    : library_(test_support::required_env("SCIM_PLUGIN"),
               boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local) {
  auto& entry = library_.get<const conn_plugin*(uint32_t, uint32_t)>("conn_plugin_entry");
  table_ = entry(CONN_ABI_MAJOR, CONN_ABI_MINOR);
  if (table_ == nullptr) throw std::runtime_error("conn_plugin_entry refused the ABI");
}

template <class Invoke>
Result Instance::run(Invoke&& invoke) {
  RecordingCall call;
  Result result;
  result.status = invoke(call.get());
  if (call.failed_status) result.message = call.fail_message;
  result.items = call.items();
  result.raw_items = call.raw_items;
  result.next_page = call.next_page.value_or("");
  said_.push_back(call.fail_message);
  said_.push_back(call.fail_details);
  said_.insert(said_.end(), call.raw_items.begin(), call.raw_items.end());
  return result;
}

Instance::Instance(const Plugin& plugin, const std::string& config_json)
    : plugin_(plugin), host_(std::make_unique<test_support::RecordingHost>()) {
  RecordingCall call;
  instance_ = plugin_.table().create(host_->get(), conn_str{config_json.data(), config_json.size()},
                                     call.get());
  create_result_.status =
      instance_ != nullptr ? CONN_OK : call.failed_status.value_or(CONN_UNKNOWN);
  create_result_.message = call.fail_message;
  said_.insert(said_.end(), {call.fail_message, call.fail_details});
}

Instance::~Instance() {
  if (instance_ != nullptr) plugin_.table().destroy(instance_);
  for (std::string& line : host_->log_lines()) said_.push_back(std::move(line));
}

Result Instance::validate() {
  return run([&](const conn_call* c) { return plugin_.table().validate(instance_, c); });
}

Result Instance::list_page(Op op, const std::string& type_or_id, const std::string& token,
                           uint32_t page_size) {
  conn_list_request request{};
  request.struct_size = sizeof(request);
  const conn_str subject{type_or_id.data(), type_or_id.size()};
  if (op == Op::resources) {
    request.resource_type = subject;
  } else {
    request.resource_id = subject;
  }
  request.page_token = conn_str{token.data(), token.size()};
  request.page_size = page_size;
  return run([&](const conn_call* c) {
    const conn_plugin& t = plugin_.table();
    if (op == Op::resources) return t.list_resources(instance_, c, &request);
    if (op == Op::entitlements) return t.list_entitlements(instance_, c, &request);
    return t.list_grants(instance_, c, &request);
  });
}

Result Instance::list_all(Op op, const std::string& type_or_id, uint32_t page_size, int* pages) {
  Result all;
  std::string token;
  for (int page = 1; page <= 10000; ++page) {
    Result one = list_page(op, type_or_id, token, page_size);
    if (pages) *pages = page;
    all.items.insert(all.items.end(), one.items.begin(), one.items.end());
    if (one.status != CONN_OK || one.next_page.empty()) {
      all.status = one.status;
      all.message = one.message;
      return all;
    }
    if (one.next_page == token) throw std::runtime_error("the plugin repeated a page token");
    token = one.next_page;
  }
  throw std::runtime_error("more than 10000 pages");
}

Result Instance::grant(const std::string& entitlement, const std::string& principal, bool dry_run) {
  const conn_grant_request request{sizeof(conn_grant_request),
                                   conn_str{entitlement.data(), entitlement.size()},
                                   conn_str{principal.data(), principal.size()}, dry_run ? 1 : 0};
  return run([&](const conn_call* c) { return plugin_.table().grant(instance_, c, &request); });
}

Result Instance::revoke(const std::string& entitlement, const std::string& principal,
                        bool dry_run) {
  const conn_grant_request request{sizeof(conn_grant_request),
                                   conn_str{entitlement.data(), entitlement.size()},
                                   conn_str{principal.data(), principal.size()}, dry_run ? 1 : 0};
  return run([&](const conn_call* c) { return plugin_.table().revoke(instance_, c, &request); });
}

Result Instance::create_account(const std::string& type, const std::string& profile_json,
                                bool dry_run) {
  conn_account_request request{};
  request.struct_size = sizeof(request);
  request.resource_type = conn_str{type.data(), type.size()};
  request.profile_json = conn_str{profile_json.data(), profile_json.size()};
  request.dry_run = dry_run ? 1 : 0;
  return run(
      [&](const conn_call* c) { return plugin_.table().create_account(instance_, c, &request); });
}

Result Instance::delete_account(const std::string& resource_id, bool dry_run) {
  conn_account_request request{};
  request.struct_size = sizeof(request);
  request.resource_id = conn_str{resource_id.data(), resource_id.size()};
  request.dry_run = dry_run ? 1 : 0;
  return run(
      [&](const conn_call* c) { return plugin_.table().delete_account(instance_, c, &request); });
}

}  // namespace scim_test
