// A plugin whose every list operation blocks until the host cancels the call,
// polling `cancelled` every 10 ms as a connector does between remote requests,
// then returns CONN_CANCELLED. Tests use it to show that the host cancels a
// running call (Ctrl-C, deadline, shutdown) and exits promptly.
//
// Config {"hang": true}: the list operations ignore the cancel instead, as a plugin
// stuck in a deadlock or a remote call without a timeout would: only a host that
// can end the plugin's process gets the call back (process isolation).
//
// Config {"spin": true}: the list operations ignore the cancel and busy-loop, as a
// plugin stuck in an endless computation would: its worker uses up its CPU time
// (limits.cpu_seconds).
#include <chrono>
#include <string_view>
#include <thread>

#include <boost/json.hpp>
#include <connector/sdk.hpp>

namespace {

namespace sdk = connector::sdk;
using namespace std::chrono_literals;

// Blocks until the host cancels the call, then throws Error(CANCELLED). Gives up
// after `kPatience` so that a host that never cancels fails a test run rather than
// hanging it.
constexpr auto kPollInterval = 10ms;
constexpr auto kPatience = 5min;

enum class Stuck { no, hang, spin };

[[noreturn]] void block_until_cancelled(const sdk::Call& call, Stuck stuck) {
  const auto give_up = std::chrono::steady_clock::now() + kPatience;
  while (stuck != Stuck::no || !call.cancelled()) {
    if (std::chrono::steady_clock::now() > give_up) {
      throw sdk::Error(CONN_DEADLINE_EXCEEDED, "the host did not cancel the call within 5 minutes");
    }
    if (stuck != Stuck::spin) std::this_thread::sleep_for(kPollInterval);
  }
  throw sdk::Error(CONN_CANCELLED, "cancelled by the host");
}

// The config has been checked against the schema: each flag is absent or a boolean.
Stuck how_stuck(std::string_view config_json) {
  const boost::json::object config = boost::json::parse(config_json).as_object();
  const auto flag = [&](const char* name) {
    const auto* value = config.if_contains(name);
    return value != nullptr && value->as_bool();
  };
  if (flag("spin")) return Stuck::spin;
  return flag("hang") ? Stuck::hang : Stuck::no;
}

class BlockingConnector : public sdk::Connector {
 public:
  static constexpr sdk::PluginInfo info{.id = "blocking",
                                        .name = "Blocking",
                                        .version = "1.0.0",
                                        .vendor = "connector-host tests",
                                        .description = "List operations block until cancelled",
                                        .config_schema = R"({
                                          "type": "object",
                                          "properties": {"hang": {"type": "boolean"},
                                                         "spin": {"type": "boolean"}}
                                        })",
                                        .concurrent_calls = true};

  BlockingConnector(sdk::Host host, std::string_view config_json)
      : Connector(host), stuck_(how_stuck(config_json)) {}

  void list_resource_types(sdk::Call& call) { block_until_cancelled(call, stuck_); }
  void list_resources(sdk::Call& call, const sdk::ListRequest&) {
    block_until_cancelled(call, stuck_);
  }
  void list_entitlements(sdk::Call& call, const sdk::ListRequest&) {
    block_until_cancelled(call, stuck_);
  }
  void list_grants(sdk::Call& call, const sdk::ListRequest&) {
    block_until_cancelled(call, stuck_);
  }

 private:
  const Stuck stuck_;
};

}  // namespace

CONNECTOR_EXPORT_PLUGIN(BlockingConnector)
