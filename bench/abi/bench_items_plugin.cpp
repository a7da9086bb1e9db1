// The plugin side of the ABI benchmark: list_resources emits one page of small
// user items per call. The page token is the number of the next item; the config
// {"items": N} sets how many there are in all.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include <connector/sdk.hpp>

#include "item_source.hpp"

namespace {

namespace sdk = connector::sdk;

// The unsigned integer in `text`, or `fallback` when it has none.
std::uint64_t number_in(std::string_view text, std::uint64_t fallback) {
  std::uint64_t value = 0;
  const auto digits = text.find_first_of("0123456789");
  if (digits == std::string_view::npos) return fallback;
  std::from_chars(text.data() + digits, text.data() + text.size(), value);
  return value;
}

class BenchItemsConnector : public sdk::Connector {
 public:
  static constexpr sdk::PluginInfo info{
      .id = "bench-items",
      .name = "Bench items",
      .version = "1.0.0",
      .vendor = "connector-host benchmarks",
      .description = "Emits small user items as fast as it can",
      .config_schema =
          R"({"type":"object","properties":{"items":{"type":"integer","minimum":0}}})"};

  // The config is {"items": N}; the benchmark writes it, so a lenient read will do.
  BenchItemsConnector(sdk::Host host, std::string_view config_json)
      : Connector(host), total_(number_in(config_json, 1000)) {}

  void list_resources(sdk::Call& call, const sdk::ListRequest& request) {
    const std::uint64_t first = number_in(request.page_token, 0);
    const std::uint64_t end =
        std::min(total_, first + (request.page_size == 0 ? 1000 : request.page_size));
    std::string item;
    for (std::uint64_t n = first; n < end; ++n) {
      if (!call.emit(bench_abi::format_item(n, item))) return;
    }
    if (end < total_) call.next_page(std::to_string(end));
  }
  void list_entitlements(sdk::Call&, const sdk::ListRequest&) {}
  void list_grants(sdk::Call&, const sdk::ListRequest&) {}

 private:
  std::uint64_t total_;
};

}  // namespace

CONNECTOR_EXPORT_PLUGIN(BenchItemsConnector)
