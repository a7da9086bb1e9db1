// The process's metrics: counters, gauges and histograms with labels, rendered in
// the Prometheus text exposition format (version 0.0.4) for GET /metrics.
//
// A family (one metric name) is declared once with its type and help; series (one
// set of label values) appear when first touched. Values read from elsewhere (the
// process's memory and CPU time in /proc) come from collectors, run before each
// render, as Prometheus client libraries do. [thread-safe]: syncs on worker threads
// update it while the HTTP server renders it on the I/O thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace connector::host::service {

// Label names and values, eg: {{"connector","ninjaone-prod"},{"outcome","good"}}.
using Labels = std::vector<std::pair<std::string, std::string>>;

enum class MetricType { counter, gauge, histogram };

// True for a valid Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*).
bool is_metric_name(std::string_view name) noexcept;
// True for a valid label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with "__").
bool is_label_name(std::string_view name) noexcept;

class MetricsRegistry {
 public:
  // Declares a family; declaring it again with the same type does nothing. Throws
  // std::invalid_argument for a bad name or a type clash. `buckets` (histograms only)
  // are the upper bounds, ascending; "+Inf" is implied.
  void declare(std::string_view name, MetricType type, std::string_view help,
               std::vector<double> buckets = {});

  // Each throws std::invalid_argument for an undeclared family, a family of another
  // type, a bad label name, or a negative counter delta.
  void add(std::string_view counter, const Labels& labels, double delta = 1);
  void set(std::string_view gauge, const Labels& labels, double value);
  void observe(std::string_view histogram, const Labels& labels, double value);
  // A counter kept elsewhere (eg: the kernel's count of CPU seconds) set to its running
  // total; a total below the series' value is ignored, so the counter never goes down.
  void set_total(std::string_view counter, const Labels& labels, double total);

  // Runs before every render, outside the registry's lock (it declares and sets series
  // like any other caller); must be quick and must not throw.
  using Collector = std::function<void(MetricsRegistry&)>;
  void add_collector(Collector collector);

  // The value of a counter or gauge series, 0 when it does not exist (tests, logs).
  double value(std::string_view name, const Labels& labels) const;

  // Runs the collectors, then renders every family with at least one series, sorted
  // by name.
  std::string render();

 private:
  struct Series {
    double value = 0;                   // counter, gauge
    std::vector<std::uint64_t> counts;  // histogram: per bucket, not cumulative
    std::uint64_t count = 0;            // histogram
    double sum = 0;                     // histogram
  };
  struct Family {
    MetricType type;
    std::string help;
    std::vector<double> buckets;
    std::map<Labels, Series> series;
  };

  Series& series_of(std::string_view name, MetricType type, const Labels& labels);

  mutable std::mutex mutex_;
  std::map<std::string, Family, std::less<>> families_;
  std::vector<Collector> collectors_;
};

// The registry of this process: what /metrics serves, and where plugins' counters go.
// It collects the standard process metrics (process_collector.hpp).
MetricsRegistry& process_metrics();

}  // namespace connector::host::service
