// A plugin with a paging bug: list_resources answers the next-page token
// "same-token" on every page, so a host that trusted it would loop forever. The
// host must stop when a token repeats and say which plugin did it. Each page holds
// one valid user, so the host has something to show before it stops.
// list_entitlements and list_grants are well behaved (one empty, last page).
#include <string_view>

#include <connector/sdk.hpp>

namespace {

namespace sdk = connector::sdk;

class RepeatTokenConnector : public sdk::Connector {
 public:
  static constexpr sdk::PluginInfo info{
      .id = "repeat-token",
      .name = "Repeat token",
      .version = "1.0.0",
      .vendor = "connector-host tests",
      .description = "list_resources repeats its page token forever",
      .config_schema = R"({"type":"object"})",
      .concurrent_calls = true};

  RepeatTokenConnector(sdk::Host host, std::string_view /*config_json*/) : Connector(host) {}

  void list_resource_types(sdk::Call& call) {
    call.emit(R"({"id":"user","display_name":"User","traits":["user"]})");
  }
  void list_resources(sdk::Call& call, const sdk::ListRequest&) {
    call.emit(
        R"({"id":"user:1","type":"user","display_name":"Ada","traits":["user"],"status":"enabled","profile":{}})");
    call.next_page("same-token");
  }
  void list_entitlements(sdk::Call&, const sdk::ListRequest&) {}
  void list_grants(sdk::Call&, const sdk::ListRequest&) {}
};

}  // namespace

CONNECTOR_EXPORT_PLUGIN(RepeatTokenConnector)
