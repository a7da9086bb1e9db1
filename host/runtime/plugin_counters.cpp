#include "runtime/plugin_counters.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <tuple>

namespace connector::host::runtime {
namespace {

bool is_counter_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool parse_labels(std::string_view text, std::map<std::string, std::string>& labels) {
  if (text.empty()) return true;
  boost::system::error_code ec;
  const boost::json::value value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) return false;
  for (const auto& [key, label] : value.as_object()) {
    // "connector" is the host's own label; a plugin must not overwrite it.
    if (!label.is_string() || !is_counter_name(key) || key == "connector") return false;
    labels.emplace(std::string(key), std::string(label.as_string()));
  }
  return true;
}

// Label values escaped as the exposition format requires.
std::string escaped(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

bool PluginCounters::add(std::string_view connector_id, std::string_view name,
                         std::string_view labels_json, double delta) {
  if (!is_counter_name(name) || !std::isfinite(delta) || delta < 0) return false;
  std::map<std::string, std::string> labels;
  if (!parse_labels(labels_json, labels)) return false;
  std::lock_guard lock(mutex_);
  values_[Key(std::string(connector_id), std::string(name), std::move(labels))] += delta;
  return true;
}

std::vector<CounterSample> PluginCounters::snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<CounterSample> samples;
  samples.reserve(values_.size());
  for (const auto& [key, value] : values_) {
    samples.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), value});
  }
  return samples;
}

std::string to_prometheus_text(const std::vector<CounterSample>& samples) {
  std::vector<const CounterSample*> ordered;
  for (const auto& sample : samples) ordered.push_back(&sample);
  // Prometheus wants all samples of one metric together, after its TYPE line.
  std::stable_sort(
      ordered.begin(), ordered.end(),
      [](const CounterSample* a, const CounterSample* b) { return a->name < b->name; });
  std::ostringstream text;
  std::string current;
  for (const CounterSample* sample : ordered) {
    const std::string metric = "connector_plugin_" + sample->name + "_total";
    if (metric != current) {
      text << "# TYPE " << metric << " counter\n";
      current = metric;
    }
    text << metric << "{connector=\"" << escaped(sample->connector_id) << "\"";
    for (const auto& [key, value] : sample->labels)
      text << "," << key << "=\"" << escaped(value) << "\"";
    text << "} " << sample->value << "\n";
  }
  return text.str();
}

}  // namespace connector::host::runtime
