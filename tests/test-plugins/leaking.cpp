// A plugin that allocates without end: list_resources keeps 1 MiB blocks (written to,
// so they are really used) until an allocation fails, the host cancels the call, or
// it has held `give_up_mib` (so that a host without a memory limit, such as an
// in-process or sanitizer run, is not taken down with the machine). Tests use it to
// show that a worker's memory limit (limits.memory) fails the plugin's own call with
// a message naming the limit, and nothing else.
//
// Config: {"give_up_mib": 1024}. validate and list_resource_types work normally, so
// a sync reaches list_resources; list_entitlements and list_grants answer nothing.
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>
#include <connector/sdk.hpp>

namespace {

namespace json = boost::json;
namespace sdk = connector::sdk;

constexpr std::size_t kBlock = std::size_t{1} << 20;

class LeakingConnector : public sdk::Connector {
 public:
  static constexpr sdk::PluginInfo info{
      .id = "leaking",
      .name = "Leaking",
      .version = "1.0.0",
      .vendor = "connector-host tests",
      .description = "list_resources allocates until it is stopped",
      .config_schema = R"({
        "type": "object",
        "additionalProperties": false,
        "properties": {"give_up_mib": {"type": "integer", "minimum": 1, "default": 1024}}
      })"};

  LeakingConnector(sdk::Host host, std::string_view config_json) : Connector(host) {
    json::error_code ec;
    const json::value config = json::parse(config_json, ec);
    if (ec || !config.is_object())
      throw sdk::Error(CONN_INVALID_ARGUMENT, "config is not a JSON object");
    if (const auto* limit = config.as_object().if_contains("give_up_mib"))
      give_up_mib_ = static_cast<std::size_t>(limit->to_number<std::int64_t>());
  }

  void validate(sdk::Call& call) {
    call.emit(R"({"check":"config","ok":true,"message":"nothing to check"})");
  }

  void list_resource_types(sdk::Call& call) {
    call.emit(R"({"id":"user","display_name":"User","traits":["user"]})");
  }

  // Never returns normally: bad_alloc (the SDK reports it), cancellation, or the cap.
  void list_resources(sdk::Call& call, const sdk::ListRequest&) {
    host().info("allocating until stopped");
    for (;;) {
      call.throw_if_cancelled();
      if (held_.size() >= give_up_mib_) {
        throw sdk::Error(CONN_RESOURCE_EXHAUSTED,
                         "held " + std::to_string(held_.size()) +
                             " MiB without an allocation failing: no memory limit in force");
      }
      auto block = std::make_unique<char[]>(kBlock);
      std::memset(block.get(), 1, kBlock);
      held_.push_back(std::move(block));
    }
  }

  void list_entitlements(sdk::Call&, const sdk::ListRequest&) {}
  void list_grants(sdk::Call&, const sdk::ListRequest&) {}

 private:
  std::size_t give_up_mib_ = 1024;
  std::vector<std::unique_ptr<char[]>> held_;  // never freed before destroy: the leak
};

}  // namespace

CONNECTOR_EXPORT_PLUGIN(LeakingConnector)
