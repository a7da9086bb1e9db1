// A plugin whose list operations emit items the host cannot use. The host must
// refuse each item (naming the plugin and the operation), not crash or print it as
// if it were a result. Each operation emits one bad item:
//
//   list_resource_types  valid JSON, not an object:  ["user","group"]
//   list_resources       not JSON (cut short):        {"id":"user:1","type":"us
//   list_entitlements    not JSON at all:             this is not json
//   list_grants          valid JSON, not an object:  "group:g1:member:user:1"
//
// Config: {"valid_types": true} makes list_resource_types emit a valid type, so that a
// sync gets as far as list_resources (whose items a sync takes as text).
// {"stray_grant_id": true} makes every operation emit a valid item, but for the grant's
// id, which is not its entitlement's id, ":" and its principal's (the store refuses it:
// docs/identifiers-and-json.md).
#include <string_view>

#include <boost/json/parse.hpp>

#include <connector/sdk.hpp>

namespace {

namespace sdk = connector::sdk;

class BadJsonConnector : public sdk::Connector {
 public:
  static constexpr sdk::PluginInfo info{
      .id = "bad-json",
      .name = "Bad JSON",
      .version = "1.0.0",
      .vendor = "connector-host tests",
      .description = "List operations emit items that are not JSON objects",
      .config_schema = R"({"type":"object"})",
      .concurrent_calls = true};

  BadJsonConnector(sdk::Host host, std::string_view config_json) : Connector(host) {
    const boost::json::value config = boost::json::parse(config_json);
    const auto* valid = config.as_object().if_contains("valid_types");
    valid_types_ = valid != nullptr && valid->is_bool() && valid->get_bool();
    const auto* stray = config.as_object().if_contains("stray_grant_id");
    stray_grant_id_ = stray != nullptr && stray->is_bool() && stray->get_bool();
    valid_types_ = valid_types_ || stray_grant_id_;
  }

  void list_resource_types(sdk::Call& call) {
    call.emit(valid_types_ ? R"({"id":"user","display_name":"User","traits":["user"]})"
                           : R"(["user","group"])");
  }
  void list_resources(sdk::Call& call, const sdk::ListRequest&) {
    call.emit(stray_grant_id_ ? R"({"id":"user:1","type":"user","display_name":"One"})"
                              : R"({"id":"user:1","type":"us)");
  }
  void list_entitlements(sdk::Call& call, const sdk::ListRequest&) {
    call.emit(stray_grant_id_ ? R"({"id":"user:1:login","resource":"user:1"})"
                              : "this is not json");
  }
  void list_grants(sdk::Call& call, const sdk::ListRequest&) {
    call.emit(
        stray_grant_id_
            ? R"({"id":"user:1:login:user:2","entitlement":"user:1:login","principal":"user:1"})"
            : R"("group:g1:member:user:1")");
  }

 private:
  bool valid_types_ = false;
  bool stray_grant_id_ = false;
};

}  // namespace

CONNECTOR_EXPORT_PLUGIN(BadJsonConnector)
