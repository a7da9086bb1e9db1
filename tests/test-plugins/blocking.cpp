// A plugin whose every list operation blocks until the host cancels the call,
// polling `cancelled` every 10 ms as a connector does between remote requests,
// then returns CONN_CANCELLED. Tests use it to show that the host cancels a
// running call (Ctrl-C, deadline, shutdown) and exits promptly.
#include <chrono>
#include <string_view>
#include <thread>

#include <connector/sdk.hpp>

namespace {

namespace sdk = connector::sdk;
using namespace std::chrono_literals;

// Blocks until the host cancels the call, then throws Error(CANCELLED). Gives up
// after `kPatience` so that a host that never cancels fails a test run rather than
// hanging it.
constexpr auto kPollInterval = 10ms;
constexpr auto kPatience = 5min;

[[noreturn]] void block_until_cancelled(const sdk::Call& call) {
  const auto give_up = std::chrono::steady_clock::now() + kPatience;
  while (!call.cancelled()) {
    if (std::chrono::steady_clock::now() > give_up) {
      throw sdk::Error(CONN_DEADLINE_EXCEEDED, "the host did not cancel the call within 5 minutes");
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  throw sdk::Error(CONN_CANCELLED, "cancelled by the host");
}

class BlockingConnector : public sdk::Connector {
 public:
  static constexpr sdk::PluginInfo info{.id = "blocking",
                                        .name = "Blocking",
                                        .version = "1.0.0",
                                        .vendor = "connector-host tests",
                                        .description = "List operations block until cancelled",
                                        .config_schema = R"({"type":"object"})",
                                        .concurrent_calls = true};

  BlockingConnector(sdk::Host host, std::string_view /*config_json*/) : Connector(host) {}

  void list_resource_types(sdk::Call& call) { block_until_cancelled(call); }
  void list_resources(sdk::Call& call, const sdk::ListRequest&) { block_until_cancelled(call); }
  void list_entitlements(sdk::Call& call, const sdk::ListRequest&) { block_until_cancelled(call); }
  void list_grants(sdk::Call& call, const sdk::ListRequest&) { block_until_cancelled(call); }
};

}  // namespace

CONNECTOR_EXPORT_PLUGIN(BlockingConnector)
