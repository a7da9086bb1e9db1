// The metrics registry's exposition text, its collectors, what plugins' counters
// become, and how the process collector reads /proc.
#include <boost/test/unit_test.hpp>

#include <limits>
#include <stdexcept>

#include "metrics/metrics_registry.hpp"
#include "metrics/plugin_counters.hpp"
#include "metrics/process_collector.hpp"
#include "service/http_server.hpp"

namespace service = connector::host::service;
using service::MetricType;

BOOST_AUTO_TEST_SUITE(metrics)

BOOST_AUTO_TEST_CASE(renders_counters_gauges_and_histograms_in_prometheus_text) {
  service::MetricsRegistry metrics;
  metrics.declare("jobs_total", MetricType::counter, "Jobs \\ done\nso far");
  metrics.declare("queue", MetricType::gauge, "Queued");
  metrics.declare("wait_seconds", MetricType::histogram, "Waits", {0.5, 2});
  metrics.add("jobs_total", {{"who", "a\"b"}}, 2);
  metrics.add("jobs_total", {{"who", "a\"b"}});
  metrics.set("queue", {}, 1.25);
  metrics.observe("wait_seconds", {{"q", "x"}}, 0.1);
  metrics.observe("wait_seconds", {{"q", "x"}}, 1);
  metrics.observe("wait_seconds", {{"q", "x"}}, 30);
  BOOST_TEST(metrics.render() ==
             "# HELP jobs_total Jobs \\\\ done\\nso far\n"
             "# TYPE jobs_total counter\n"
             "jobs_total{who=\"a\\\"b\"} 3\n"
             "# HELP queue Queued\n"
             "# TYPE queue gauge\n"
             "queue 1.25\n"
             "# HELP wait_seconds Waits\n"
             "# TYPE wait_seconds histogram\n"
             "wait_seconds_bucket{q=\"x\",le=\"0.5\"} 1\n"
             "wait_seconds_bucket{q=\"x\",le=\"2\"} 2\n"
             "wait_seconds_bucket{q=\"x\",le=\"+Inf\"} 3\n"
             "wait_seconds_sum{q=\"x\"} 31.1\n"
             "wait_seconds_count{q=\"x\"} 3\n");
}

BOOST_AUTO_TEST_CASE(refuses_what_would_break_the_exposition) {
  service::MetricsRegistry metrics;
  BOOST_CHECK_THROW(metrics.declare("bad-name", MetricType::counter, ""), std::invalid_argument);
  metrics.declare("c_total", MetricType::counter, "");
  BOOST_CHECK_THROW(metrics.declare("c_total", MetricType::gauge, ""), std::invalid_argument);
  BOOST_CHECK_THROW(metrics.add("c_total", {}, -1), std::invalid_argument);
  BOOST_CHECK_THROW(metrics.add("c_total", {{"bad label", "x"}}), std::invalid_argument);
  BOOST_CHECK_THROW(metrics.add("undeclared_total", {}), std::invalid_argument);
  BOOST_CHECK_THROW(metrics.set("c_total", {}, 1), std::invalid_argument);
  BOOST_TEST(metrics.render().empty());  // nothing was counted
}

BOOST_AUTO_TEST_CASE(plugin_counters_get_the_connector_label_and_a_fixed_label_order) {
  service::MetricsRegistry metrics;
  service::add_plugin_counter(metrics, "prod", "http_requests",
                              R"({"status":"429","method":"GET"})", 1);
  service::add_plugin_counter(metrics, "prod", "http_requests",
                              R"({"method":"GET","status":"429"})", 2);
  service::add_plugin_counter(metrics, "prod", "retries", "", 1);
  const service::Labels labels{{"connector", "prod"}, {"method", "GET"}, {"status", "429"}};
  BOOST_TEST(metrics.value("connector_plugin_http_requests_total", labels) == 3);
  BOOST_TEST(metrics.value("connector_plugin_retries_total", {{"connector", "prod"}}) == 1);
  BOOST_TEST(metrics.value("connector_plugin_counter_rejected_total", {{"connector", "prod"}}) ==
             0);
}

BOOST_AUTO_TEST_CASE(plugin_counters_that_break_the_rules_are_dropped_and_counted) {
  service::MetricsRegistry metrics;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  service::add_plugin_counter(metrics, "p", "Bad-Name", "", 1);
  service::add_plugin_counter(metrics, "p", "ok", R"({"connector":"other"})", 1);
  service::add_plugin_counter(metrics, "p", "ok", R"({"status":429})", 1);
  service::add_plugin_counter(metrics, "p", "ok", R"(not json)", 1);
  service::add_plugin_counter(metrics, "p", "ok", "", -1);
  service::add_plugin_counter(metrics, "p", "ok", "", nan);
  BOOST_TEST(metrics.value("connector_plugin_counter_rejected_total", {{"connector", "p"}}) == 6);
  BOOST_TEST(metrics.render().find("connector_plugin_ok_total") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(collectors_run_before_each_render_and_totals_never_go_down) {
  service::MetricsRegistry metrics;
  double source = 2.5;  // eg: CPU seconds kept by the kernel
  int runs = 0;
  metrics.add_collector([&](service::MetricsRegistry& registry) {
    ++runs;
    registry.declare("work_seconds_total", MetricType::counter, "Work");
    registry.set_total("work_seconds_total", {}, source);
  });
  BOOST_TEST(metrics.render() ==
             "# HELP work_seconds_total Work\n"
             "# TYPE work_seconds_total counter\n"
             "work_seconds_total 2.5\n");
  source = 1;  // a source that went back (it cannot, but a counter must not follow)
  BOOST_TEST(metrics.render().find("work_seconds_total 2.5\n") != std::string::npos);
  source = 4;
  BOOST_TEST(metrics.render().find("work_seconds_total 4\n") != std::string::npos);
  BOOST_TEST(runs == 3);
  BOOST_CHECK_THROW(metrics.set_total("undeclared_total", {}, 1), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(process_stat_and_limits_are_read_as_the_kernel_writes_them) {
  // A command name holding spaces and parentheses: fields count from the last ')'.
  const auto stat = service::parse_process_stat(
      "4242 (connector (host) x) S 1 4242 4242 0 -1 4194560 1200 0 0 0 "
      "731 219 0 0 20 0 9 0 86423 512000000 3210 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 "
      "17 1 0 0 0 0 0\n");
  BOOST_TEST_REQUIRE(stat.has_value());
  BOOST_TEST(stat->user_ticks == 731u);
  BOOST_TEST(stat->system_ticks == 219u);
  BOOST_TEST(stat->start_ticks == 86423u);
  BOOST_TEST(stat->virtual_bytes == 512000000u);
  BOOST_TEST(stat->resident_pages == 3210u);
  BOOST_TEST(!service::parse_process_stat("4242 (cut short) S 1 2 3").has_value());
  BOOST_TEST(!service::parse_process_stat("no parenthesis at all").has_value());

  const char* limits =
      "Limit                     Soft Limit           Hard Limit           Units     \n"
      "Max cpu time              unlimited            unlimited            seconds   \n"
      "Max open files            1024                 524288               files     \n";
  BOOST_TEST(service::parse_max_open_files(limits).value() == 1024u);
  BOOST_TEST(!service::parse_max_open_files("Max open files  unlimited  unlimited files\n"));
  BOOST_TEST(!service::parse_max_open_files("").has_value());
}

BOOST_AUTO_TEST_CASE(the_process_registry_collects_the_process_metrics) {
  const std::string text = service::process_metrics().render();
  for (const char* family : {"process_resident_memory_bytes ", "process_virtual_memory_bytes ",
                             "process_cpu_seconds_total ", "process_start_time_seconds ",
                             "process_open_fds ", "process_max_fds "}) {
    BOOST_TEST(text.find(std::string("\n") + family) != std::string::npos, family);
  }
}

BOOST_AUTO_TEST_CASE(listen_addresses) {
  const auto v4 = service::parse_listen_address("127.0.0.1:9464");
  BOOST_TEST(v4.address().to_string() == "127.0.0.1");
  BOOST_TEST(v4.port() == 9464);
  const auto v6 = service::parse_listen_address("[::1]:0");
  BOOST_TEST(v6.address().to_string() == "::1");
  BOOST_TEST(v6.port() == 0);
  BOOST_CHECK_THROW(service::parse_listen_address("localhost:80"), std::invalid_argument);
  BOOST_CHECK_THROW(service::parse_listen_address("127.0.0.1"), std::invalid_argument);
  BOOST_CHECK_THROW(service::parse_listen_address("127.0.0.1:70000"), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
