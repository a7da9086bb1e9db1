// add_to_counter (ABI 1.1) as a plugin calls it, and the Prometheus rendering.
#include "runtime/plugin_counters.hpp"

#include <connector/version.h>

#include <spdlog/spdlog.h>
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "log/redactor.hpp"
#include "runtime/host_services.hpp"
#include "temp_dir.hpp"

using namespace connector::host;

namespace {

conn_str str(std::string_view s) { return conn_str{s.data(), s.size()}; }

}  // namespace

BOOST_AUTO_TEST_SUITE(plugin_counters)

BOOST_AUTO_TEST_CASE(plugin_adds_through_the_host_table) {
  host_test::TempDir state;
  runtime::SecretStore store(state.path());
  log::Redactor redactor;
  runtime::PluginCounters counters;
  runtime::HostServices services("ninja", std::make_shared<spdlog::logger>("counters"), store,
                                 redactor, &counters);
  const conn_host* host = services.raw();
  BOOST_TEST_REQUIRE(CONN_HAS_MEMBER(host, conn_host, add_to_counter));
  host->add_to_counter(host, str("http_requests"), str(R"({"status":"200"})"), 1);
  host->add_to_counter(host, str("http_requests"), str(R"({"status":"200"})"), 2);
  host->add_to_counter(host, str("http_requests"), str(R"({"status":"429"})"), 1);
  host->add_to_counter(host, str("retries"), str(""), 0.5);
  // Refused: bad name, nested labels, the host's own label, a negative delta.
  host->add_to_counter(host, str("Bad-Name"), str(""), 1);
  host->add_to_counter(host, str("x"), str(R"({"a":{"b":"c"}})"), 1);
  host->add_to_counter(host, str("x"), str(R"({"connector":"other"})"), 1);
  host->add_to_counter(host, str("x"), str(""), -1);
  host->add_to_counter(host, str("x"), str(""), std::nan(""));

  const auto samples = counters.snapshot();
  BOOST_TEST_REQUIRE(samples.size() == 3u);
  BOOST_TEST(samples[0].connector_id == "ninja");
  BOOST_TEST(samples[0].labels.at("status") == "200");
  BOOST_TEST(samples[0].value == 3.0);
  BOOST_TEST(samples[1].value == 1.0);
  BOOST_TEST(samples[2].name == "retries");
  BOOST_TEST(runtime::to_prometheus_text(samples) ==
             "# TYPE connector_plugin_http_requests_total counter\n"
             "connector_plugin_http_requests_total{connector=\"ninja\",status=\"200\"} 3\n"
             "connector_plugin_http_requests_total{connector=\"ninja\",status=\"429\"} 1\n"
             "# TYPE connector_plugin_retries_total counter\n"
             "connector_plugin_retries_total{connector=\"ninja\"} 0.5\n");
}

BOOST_AUTO_TEST_CASE(without_a_registry_counters_are_dropped_quietly) {
  host_test::TempDir state;
  runtime::SecretStore store(state.path());
  log::Redactor redactor;
  runtime::HostServices services("c", std::make_shared<spdlog::logger>("counters2"), store,
                                 redactor);
  BOOST_CHECK_NO_THROW(services.raw()->add_to_counter(services.raw(), str("n"), str(""), 1));
}

BOOST_AUTO_TEST_SUITE_END()
