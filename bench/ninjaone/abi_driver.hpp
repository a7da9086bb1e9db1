// Drives the NinjaOne plugin through the C ABI as a full sync does, keeping nothing
// but counts, so what is measured is the plugin (and not a host's storage).
#ifndef NINJAONE_BENCH_ABI_DRIVER_HPP
#define NINJAONE_BENCH_ABI_DRIVER_HPP

#include <cstdint>
#include <map>
#include <string>

namespace ninjaone_bench {

struct SyncFigures {
  std::map<std::string, std::uint64_t> items;      // "resources:user", "entitlements", "grants"
  std::map<std::string, double> seconds_by_label;  // wall time per operation
  std::uint64_t item_bytes = 0;                    // JSON handed to the host
  std::uint64_t abi_pages = 0;
  double seconds = 0;          // wall time of the listing alone
  std::string client_summary;  // the plugin's traffic line from its log
  std::string failure;         // empty when every call succeeded
};

// Loads `plugin_path`, creates an instance from `config_json`, runs
// list_resource_types, list_resources per type (all pages), list_entitlements("")
// and list_grants("") (all pages) as one walk, ends the walk, and destroys the instance.
SyncFigures full_sync(const std::string& plugin_path, const std::string& config_json);

}  // namespace ninjaone_bench

#endif  // NINJAONE_BENCH_ABI_DRIVER_HPP
