// A plugin that streams: list_resources emits `items` resources of about `item_bytes`
// bytes each as one page, stops as soon as emit returns 0, and logs how many it
// emitted ("emitted 3301 of 1000000 items"). validate stores `secret` with
// store_secret when it is set, and emits whether the host kept it. Tests use it to
// show that a worker passes the host's "no more" back to the plugin without running
// ahead of the host, and that the host's services work through a worker.
//
// Config: {"items": 1000, "item_bytes": 100, "secret": "value"}.
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json.hpp>
#include <connector/sdk.hpp>

namespace {

namespace json = boost::json;
namespace sdk = connector::sdk;

class Emitter : public sdk::Connector {
 public:
  static constexpr sdk::PluginInfo info{
      .id = "emitter",
      .name = "Emitter",
      .version = "1.0.0",
      .vendor = "connector-host tests",
      .description = "Streams many items; stores a secret on validate",
      .config_schema = R"({
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "items": {"type": "integer", "minimum": 0, "default": 1000},
          "item_bytes": {"type": "integer", "minimum": 60, "maximum": 100000000, "default": 100},
          "secret": {"type": "string", "x-secret": true}
        }
      })"};

  Emitter(sdk::Host host, std::string_view config_json) : Connector(host) {
    const json::object config = json::parse(config_json).as_object();
    if (const auto* items = config.if_contains("items")) items_ = items->to_number<std::int64_t>();
    if (const auto* bytes = config.if_contains("item_bytes"))
      item_bytes_ = bytes->to_number<std::int64_t>();
    if (const auto* secret = config.if_contains("secret")) secret_ = secret->as_string();
  }

  void validate(sdk::Call& call) {
    if (secret_.empty()) return;
    host().store_secret("secret", secret_);  // throws when the host could not keep it
    call.emit(R"({"check":"store_secret","ok":true,"message":"kept"})");
  }

  void list_resource_types(sdk::Call& call) {
    call.emit(R"({"id":"user","display_name":"User","traits":["user"]})");
  }

  void list_resources(sdk::Call& call, const sdk::ListRequest&) {
    std::int64_t emitted = 0;
    while (emitted < items_) {
      const std::string id = "user:" + std::to_string(emitted + 1);
      json::object item{{"id", id}, {"type", "user"}, {"display_name", ""}};
      const std::size_t bare = json::serialize(item).size();
      const auto wanted = static_cast<std::size_t>(item_bytes_);
      item["display_name"] = std::string(wanted > bare ? wanted - bare : 0, 'x');
      ++emitted;
      if (!call.emit(json::serialize(item))) break;
    }
    host().info("emitted " + std::to_string(emitted) + " of " + std::to_string(items_) + " items");
  }

  void list_entitlements(sdk::Call&, const sdk::ListRequest&) {}
  void list_grants(sdk::Call&, const sdk::ListRequest&) {}

 private:
  std::int64_t items_ = 1000;
  std::int64_t item_bytes_ = 100;
  std::string secret_;
};

}  // namespace

CONNECTOR_EXPORT_PLUGIN(Emitter)
