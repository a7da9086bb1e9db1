// Counters plugins add to through conn_host.add_to_counter (ABI 1.1), eg: HTTP
// requests by status. The host keeps them per connector; service mode exports them
// as Prometheus counters connector_plugin_<name>_total{connector="...",...}.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace connector::host::runtime {

struct CounterSample {
  std::string connector_id;
  std::string name;                           // eg: "http_requests"
  std::map<std::string, std::string> labels;  // eg: {"status":"429"}
  double value = 0;
};

class PluginCounters {
 public:
  // Adds `delta` to the counter. Returns false (and changes nothing) when `name` is
  // not [a-z0-9_]+, `labels_json` is neither empty nor a flat JSON object of
  // strings, or `delta` is negative or not finite (a counter only goes up). [thread-safe]
  bool add(std::string_view connector_id, std::string_view name, std::string_view labels_json,
           double delta);

  // Every counter, ordered by connector, name and labels. [thread-safe]
  std::vector<CounterSample> snapshot() const;

 private:
  using Key = std::tuple<std::string, std::string, std::map<std::string, std::string>>;
  mutable std::mutex mutex_;
  std::map<Key, double> values_;
};

// The samples in the Prometheus text exposition format, one "# TYPE" line per
// metric name, eg: connector_plugin_http_requests_total{connector="x",status="429"} 3
std::string to_prometheus_text(const std::vector<CounterSample>& samples);

}  // namespace connector::host::runtime
