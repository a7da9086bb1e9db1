#include "metrics/metrics_registry.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "metrics/process_collector.hpp"

namespace connector::host::service {
namespace {

bool is_name_char(char c, bool first, bool colon_allowed) noexcept {
  const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  const bool digit = c >= '0' && c <= '9';
  return letter || (!first && digit) || (colon_allowed && c == ':');
}

bool is_name(std::string_view name, bool colon_allowed) noexcept {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (!is_name_char(name[i], i == 0, colon_allowed)) return false;
  }
  return true;
}

// Shortest text that reads back as the same double; integers without a fraction.
std::string format_number(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (std::isnan(value)) return "NaN";
  // Whole numbers (counts, most counters) as integers: "12", not "1.2e+01".
  if (std::fabs(value) < 1e15 && std::trunc(value) == value)
    return std::to_string(static_cast<long long>(value));
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  for (int precision = 1; precision < 17; ++precision) {
    char shorter[32];
    std::snprintf(shorter, sizeof shorter, "%.*g", precision, value);
    if (std::strtod(shorter, nullptr) == value) return shorter;
  }
  return text;
}

// Label values escape backslash, double quote and line feed; help text the first and last.
std::string escape(std::string_view text, bool quote) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '\n') {
      escaped += "\\n";
    } else if (quote && c == '"') {
      escaped += "\\\"";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string label_text(const Labels& labels, const char* extra_name = nullptr,
                       const std::string& extra_value = {}) {
  if (labels.empty() && extra_name == nullptr) return {};
  std::string text = "{";
  for (const auto& [name, value] : labels) {
    if (text.size() > 1) text += ',';
    text += name + "=\"" + escape(value, true) + '"';
  }
  if (extra_name != nullptr) {
    if (text.size() > 1) text += ',';
    text += std::string(extra_name) + "=\"" + extra_value + '"';
  }
  return text + "}";
}

const char* type_name(MetricType type) noexcept {
  switch (type) {
    case MetricType::counter:
      return "counter";
    case MetricType::gauge:
      return "gauge";
    case MetricType::histogram:
      return "histogram";
  }
  return "untyped";
}

}  // namespace

bool is_metric_name(std::string_view name) noexcept { return is_name(name, true); }

bool is_label_name(std::string_view name) noexcept {
  return is_name(name, false) && !name.starts_with("__");
}

void MetricsRegistry::declare(std::string_view name, MetricType type, std::string_view help,
                              std::vector<double> buckets) {
  if (!is_metric_name(name))
    throw std::invalid_argument("bad metric name '" + std::string(name) + "'");
  if (!std::is_sorted(buckets.begin(), buckets.end()))
    throw std::invalid_argument("histogram buckets must ascend: " + std::string(name));
  const std::lock_guard lock(mutex_);
  if (const auto it = families_.find(name); it != families_.end()) {
    if (it->second.type != type)
      throw std::invalid_argument("metric '" + std::string(name) + "' declared with another type");
    return;
  }
  families_.emplace(std::string(name), Family{type, std::string(help), std::move(buckets), {}});
}

MetricsRegistry::Series& MetricsRegistry::series_of(std::string_view name, MetricType type,
                                                    const Labels& labels) {
  const auto family = families_.find(name);
  if (family == families_.end() || family->second.type != type)
    throw std::invalid_argument("no " + std::string(type_name(type)) + " named '" +
                                std::string(name) + "'");
  for (const auto& label : labels) {
    if (!is_label_name(label.first) || (type == MetricType::histogram && label.first == "le"))
      throw std::invalid_argument("bad label name '" + label.first + "' for " + std::string(name));
  }
  Series& series = family->second.series[labels];
  if (type == MetricType::histogram) series.counts.resize(family->second.buckets.size());
  return series;
}

void MetricsRegistry::add(std::string_view counter, const Labels& labels, double delta) {
  if (!(delta >= 0))
    throw std::invalid_argument("counter '" + std::string(counter) + "' cannot go down");
  const std::lock_guard lock(mutex_);
  series_of(counter, MetricType::counter, labels).value += delta;
}

void MetricsRegistry::set(std::string_view gauge, const Labels& labels, double value) {
  const std::lock_guard lock(mutex_);
  series_of(gauge, MetricType::gauge, labels).value = value;
}

void MetricsRegistry::observe(std::string_view histogram, const Labels& labels, double value) {
  const std::lock_guard lock(mutex_);
  Series& series = series_of(histogram, MetricType::histogram, labels);
  const auto& buckets = families_.find(histogram)->second.buckets;
  const auto bucket = std::lower_bound(buckets.begin(), buckets.end(), value);
  if (bucket != buckets.end()) ++series.counts[static_cast<std::size_t>(bucket - buckets.begin())];
  ++series.count;
  series.sum += value;
}

void MetricsRegistry::set_total(std::string_view counter, const Labels& labels, double total) {
  const std::lock_guard lock(mutex_);
  Series& series = series_of(counter, MetricType::counter, labels);
  series.value = std::max(series.value, total);
}

void MetricsRegistry::add_collector(Collector collector) {
  const std::lock_guard lock(mutex_);
  collectors_.push_back(std::move(collector));
}

double MetricsRegistry::value(std::string_view name, const Labels& labels) const {
  const std::lock_guard lock(mutex_);
  const auto family = families_.find(name);
  if (family == families_.end()) return 0;
  const auto series = family->second.series.find(labels);
  return series == family->second.series.end() ? 0 : series->second.value;
}

std::string MetricsRegistry::render() {
  std::vector<Collector> collectors;
  {
    const std::lock_guard lock(mutex_);
    collectors = collectors_;
  }
  for (const Collector& collect : collectors) collect(*this);
  const std::lock_guard lock(mutex_);
  std::string text;
  for (const auto& [name, family] : families_) {
    if (family.series.empty()) continue;
    text += "# HELP " + name + ' ' + escape(family.help, false) + '\n';
    text += "# TYPE " + name + ' ' + type_name(family.type) + '\n';
    for (const auto& [labels, series] : family.series) {
      if (family.type != MetricType::histogram) {
        text += name + label_text(labels) + ' ' + format_number(series.value) + '\n';
        continue;
      }
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < family.buckets.size(); ++i) {
        cumulative += series.counts[i];
        text += name + "_bucket" + label_text(labels, "le", format_number(family.buckets[i])) +
                ' ' + std::to_string(cumulative) + '\n';
      }
      text += name + "_bucket" + label_text(labels, "le", "+Inf") + ' ' +
              std::to_string(series.count) + '\n';
      text += name + "_sum" + label_text(labels) + ' ' + format_number(series.sum) + '\n';
      text += name + "_count" + label_text(labels) + ' ' + std::to_string(series.count) + '\n';
    }
  }
  return text;
}

MetricsRegistry& process_metrics() {
  static MetricsRegistry registry;
  static const bool with_process_collector = [] {
    registry.add_collector(collect_process_metrics);
    return true;
  }();
  (void)with_process_collector;
  return registry;
}

}  // namespace connector::host::service
