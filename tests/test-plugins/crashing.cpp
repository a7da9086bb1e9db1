// A plugin that crashes the host process mid-sync: list_resources serves pages of
// two users fine, then on page `crash_on_page` raises SIGSEGV, as a plugin with a
// memory bug would. Store tests use it to show that a sync killed halfway leaves
// the store as it was, and that the next sync works.
//
// Config: {"crash_on_page": 2, "user_count": 6, "exit_status": 3}. Pages are
// numbered from 1; crash_on_page 0 (or one past the last page) never crashes, so the
// same plugin can first make a good snapshot. With exit_status the page ends the
// process with _exit(exit_status) instead, as a plugin calling exit() would.
// list_entitlements and list_grants answer one empty, last page.
#include <algorithm>
#include <charconv>
#include <csignal>
#include <cstdint>
#include <string>
#include <string_view>

#include <unistd.h>

#include <boost/json.hpp>
#include <connector/sdk.hpp>

namespace {

namespace json = boost::json;
namespace sdk = connector::sdk;

constexpr std::int64_t kPageSize = 2;

// A non-negative integer field of the config, or `fallback` when absent.
std::int64_t count_field(const json::object& config, const char* name, std::int64_t fallback) {
  const json::value* value = config.if_contains(name);
  if (value == nullptr) return fallback;
  if (!value->is_int64() || value->as_int64() < 0) {
    throw sdk::Error(CONN_INVALID_ARGUMENT,
                     std::string("config.") + name + " must be a non-negative integer");
  }
  return value->as_int64();
}

// The page a token asks for: 1 for the first page, then what next_page said.
std::int64_t page_number(std::string_view token) {
  if (token.empty()) return 1;
  std::int64_t page = 0;
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), page);
  if (error != std::errc{} || end != token.data() + token.size() || page < 2) {
    throw sdk::Error(CONN_INVALID_ARGUMENT,
                     "page token '" + std::string(token) + "' was not issued by this plugin");
  }
  return page;
}

class CrashingConnector : public sdk::Connector {
 public:
  static constexpr sdk::PluginInfo info{
      .id = "crashing",
      .name = "Crashing",
      .version = "1.0.0",
      .vendor = "connector-host tests",
      .description = "list_resources raises SIGSEGV on a chosen page",
      .config_schema = R"({
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "crash_on_page": {"type": "integer", "minimum": 0, "default": 2},
          "user_count": {"type": "integer", "minimum": 0, "default": 6},
          "exit_status": {"type": "integer", "minimum": 0, "maximum": 255}
        }
      })"};

  CrashingConnector(sdk::Host host, std::string_view config_json) : Connector(host) {
    json::error_code ec;
    const json::value config = json::parse(config_json, ec);
    if (ec || !config.is_object())
      throw sdk::Error(CONN_INVALID_ARGUMENT, "config is not a JSON object");
    crash_on_page_ = count_field(config.as_object(), "crash_on_page", 2);
    user_count_ = count_field(config.as_object(), "user_count", 6);
    if (config.as_object().contains("exit_status"))
      exit_status_ = static_cast<int>(count_field(config.as_object(), "exit_status", 0));
  }

  void list_resource_types(sdk::Call& call) {
    call.emit(R"({"id":"user","display_name":"User","traits":["user"]})");
  }

  // The page token is the number of the page it asks for: "2", "3", ...
  void list_resources(sdk::Call& call, const sdk::ListRequest& request) {
    if (request.resource_type != "user") {
      throw sdk::Error(CONN_INVALID_ARGUMENT,
                       "unknown resource type '" + std::string(request.resource_type) + "'");
    }
    const std::int64_t page = page_number(request.page_token);
    if (page == crash_on_page_ && exit_status_ >= 0) {
      host().error("exiting with status " + std::to_string(exit_status_) + " on page " +
                   std::to_string(page) + " as configured");
      ::_exit(exit_status_);
    }
    if (page == crash_on_page_) {
      host().error("crashing on page " + std::to_string(page) + " as configured");
      std::raise(SIGSEGV);
      // Only reached when the host process handles SIGSEGV and returns.
      throw sdk::Error(CONN_INTERNAL, "SIGSEGV was raised and handled");
    }
    const std::int64_t first = (page - 1) * kPageSize + 1;
    const std::int64_t last = std::min(user_count_, page * kPageSize);
    for (std::int64_t id = first; id <= last; ++id) {
      const std::string n = std::to_string(id);
      call.emit(json::serialize(json::object{{"id", "user:" + n},
                                             {"type", "user"},
                                             {"display_name", "User " + n},
                                             {"traits", json::array{"user"}},
                                             {"status", "enabled"},
                                             {"profile", json::object{}}}));
    }
    if (last < user_count_) call.next_page(std::to_string(page + 1));
  }

  void list_entitlements(sdk::Call&, const sdk::ListRequest&) {}
  void list_grants(sdk::Call&, const sdk::ListRequest&) {}

 private:
  std::int64_t crash_on_page_ = 2;
  std::int64_t user_count_ = 6;
  int exit_status_ = -1;  // -1: crash with SIGSEGV rather than exit
};

}  // namespace

CONNECTOR_EXPORT_PLUGIN(CrashingConnector)
