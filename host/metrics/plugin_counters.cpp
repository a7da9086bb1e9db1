#include "metrics/plugin_counters.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

namespace connector::host::service {
namespace {

constexpr std::string_view rejected_counter = "connector_plugin_counter_rejected_total";

bool is_counter_name(std::string_view name) noexcept {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// The plugin's labels after the connector's, sorted by name; nullopt when they break
// the rules.
std::optional<Labels> parse_labels(std::string_view connector, std::string_view labels_json) {
  Labels labels{{"connector", std::string(connector)}};
  if (labels_json.empty()) return labels;
  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(labels_json, ec);
  if (ec || !parsed.is_object()) return std::nullopt;
  for (const auto& [key, value] : parsed.get_object()) {
    if (!value.is_string() || !is_label_name(key) || key == "connector") return std::nullopt;
    labels.emplace_back(std::string(key), std::string(value.get_string()));
  }
  // One series per label set, whatever order the plugin wrote them in.
  std::sort(labels.begin() + 1, labels.end());
  return labels;
}

}  // namespace

std::string plugin_counter_name(std::string_view name) {
  return "connector_plugin_" + std::string(name) + "_total";
}

void add_plugin_counter(MetricsRegistry& metrics, std::string_view connector, std::string_view name,
                        std::string_view labels_json, double delta) noexcept {
  try {
    const auto labels = parse_labels(connector, labels_json);
    if (!is_counter_name(name) || !labels || !std::isfinite(delta) || delta < 0) {
      metrics.declare(rejected_counter, MetricType::counter,
                      "Calls of conn_host.add_to_counter dropped for breaking host.h's rules");
      metrics.add(rejected_counter, {{"connector", std::string(connector)}});
      return;
    }
    const std::string metric = plugin_counter_name(name);
    metrics.declare(metric, MetricType::counter,
                    "Counted by the plugin through conn_host.add_to_counter");
    metrics.add(metric, *labels, delta);
  } catch (...) {  // eg: the name clashes with a host metric of another type; dropped
  }
}

void add_plugin_counter(std::string_view connector, std::string_view name,
                        std::string_view labels_json, double delta) noexcept {
  add_plugin_counter(process_metrics(), connector, name, labels_json, delta);
}

}  // namespace connector::host::service
