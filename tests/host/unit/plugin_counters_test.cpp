// add_to_counter (ABI 1.1) as a plugin calls it: forwarded to the instance's
// CounterSink with the connector id; never an exception back into the plugin.
#include <connector/version.h>

#include <spdlog/spdlog.h>
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "log/redactor.hpp"
#include "runtime/host_services.hpp"
#include "support/temp_dir.hpp"

using namespace connector::host;

namespace {

conn_str str(std::string_view s) { return conn_str{s.data(), s.size()}; }

struct Counted {
  std::string connector, name, labels;
  double delta;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(plugin_counters)

BOOST_AUTO_TEST_CASE(counts_reach_the_sink_with_the_connector_id) {
  test_support::TempDir state;
  runtime::SecretStore store(state.path());
  log::Redactor redactor;
  std::vector<Counted> counted;
  runtime::HostServices services(
      "ninja", std::make_shared<spdlog::logger>("counters"), store, redactor,
      [&](std::string_view connector, std::string_view name, std::string_view labels,
          double delta) {
        counted.push_back({std::string(connector), std::string(name), std::string(labels), delta});
      });
  const conn_host* host = services.raw();
  BOOST_TEST_REQUIRE(CONN_HAS_MEMBER(host, conn_host, add_to_counter));
  host->add_to_counter(host, str("http_requests"), str(R"({"status":"429"})"), 2);
  host->add_to_counter(host, str("retries"), conn_str{nullptr, 0}, 1);
  BOOST_TEST_REQUIRE(counted.size() == 2u);
  BOOST_TEST(counted[0].connector == "ninja");
  BOOST_TEST(counted[0].name == "http_requests");
  BOOST_TEST(counted[0].labels == R"({"status":"429"})");
  BOOST_TEST(counted[0].delta == 2.0);
  BOOST_TEST(counted[1].labels.empty());
}

BOOST_AUTO_TEST_CASE(without_a_sink_or_with_a_throwing_one_nothing_escapes) {
  test_support::TempDir state;
  runtime::SecretStore store(state.path());
  log::Redactor redactor;
  runtime::HostServices quiet("c", std::make_shared<spdlog::logger>("counters2"), store, redactor);
  BOOST_CHECK_NO_THROW(quiet.raw()->add_to_counter(quiet.raw(), str("n"), str(""), 1));
  runtime::HostServices throwing("c", std::make_shared<spdlog::logger>("counters3"), store,
                                 redactor,
                                 [](std::string_view, std::string_view, std::string_view, double) {
                                   throw std::runtime_error("registry broken");
                                 });
  BOOST_CHECK_NO_THROW(throwing.raw()->add_to_counter(throwing.raw(), str("n"), str(""), 1));
}

BOOST_AUTO_TEST_SUITE_END()
