// Small helpers shared by the simulator tests of the SDK's API client with NinjaOne's
// dialect: the simulator and the host's side of calls (test_support's), the client
// options that reach the simulator, and a few checks.
#pragma once

#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

#include <connector/sdk/http/api_client.hpp>
#include <connector/sdk/http/client_options.hpp>

#include "api/ninjaone_api.hpp"
#include "support/host_calls.hpp"
#include "support/simulator.hpp"

namespace ninjaone_client_test {

using connector::sdk::http::ApiClient;
using connector::sdk::http::ClientOptions;
using test_support::RecordingCall;
using test_support::RecordingHost;
// ninjaone-sim for one test, over HTTPS with the test CA unless told otherwise.
using test_support::Simulator;

// Options that reach `sim` with its default credentials and the test CA, with short
// backoffs so retries do not slow the tests down.
inline ClientOptions options_for(const Simulator& sim) {
  using namespace std::chrono_literals;
  ClientOptions o = ninjaone::client_options_for(sim.base_url());
  o.client_id = "sim-client";
  o.client_secret = "sim-secret";
  o.ca_file = test_support::test_ca_file();
  o.allow_insecure_http = !sim.tls();
  o.backoff_base = 5ms;
  o.backoff_max = 100ms;
  o.connect_timeout = 5s;
  o.request_timeout = 10s;
  o.requests_per_minute = 0;
  return o;
}

// Every element of the array at `target`.
inline std::vector<boost::json::value> list(ApiClient& client, const connector::sdk::Call& call,
                                            std::string_view target) {
  std::vector<boost::json::value> items;
  const std::size_t n = client.get_array(
      call, target, [&](boost::json::value&& v) { items.push_back(std::move(v)); });
  BOOST_TEST(n == items.size());
  return items;
}

// Runs `body`, which must throw connector::sdk::Error, and returns that error.
template <class Body>
connector::sdk::Error error_of(Body&& body) {
  try {
    body();
  } catch (const connector::sdk::Error& e) {
    return e;
  }
  BOOST_FAIL("no error was thrown");
  throw std::logic_error("unreachable");
}

inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace ninjaone_client_test
