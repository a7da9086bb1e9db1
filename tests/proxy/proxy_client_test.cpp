// The SDK's API client through a real HTTP proxy (tinyproxy) in front of the
// NinjaOne simulator: CONNECT tunnels with TLS end to end for https://, the absolute
// form for http://, Basic proxy authentication, a 407, a proxy that is down,
// NO_PROXY, and keep-alive, retries and timeouts through the tunnel. What the proxy
// carried is read from its own log.
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <connector/sdk/http/api_client.hpp>
#include <connector/sdk/http/proxy.hpp>

#include <algorithm>
#include <map>

#include "sim_test_support.hpp"
#include "support/tinyproxy.hpp"

using namespace std::chrono_literals;
using namespace connector::sdk::http;
using namespace ninjaone_client_test;
using test_support::Tinyproxy;
namespace json = boost::json;

namespace {

constexpr const char* kProxyPassword = "tiny-Pr0xy-pass";

const std::vector<std::string> kTenant = {"--technicians", "20", "--end-users",     "30",
                                          "--roles",       "6",  "--organizations", "5"};

// The environment `variables` and nothing else.
EnvironmentLookup environment(std::map<std::string, std::string> variables) {
  return [variables](const std::string& name) -> std::optional<std::string> {
    const auto found = variables.find(name);
    if (found == variables.end()) return std::nullopt;
    return found->second;
  };
}

// Options reaching `sim` with HTTPS_PROXY (or HTTP_PROXY) set to `proxy_url`.
ClientOptions through(const Simulator& sim, const std::string& proxy_url,
                      std::map<std::string, std::string> more = {}) {
  ClientOptions o = options_for(sim);
  more[sim.tls() ? "HTTPS_PROXY" : "HTTP_PROXY"] = proxy_url;
  o.proxy.environment = environment(std::move(more));
  return o;
}

// Options reaching `sim` through `proxy` as a connector's own setting, with credentials.
ClientOptions through_own(const Simulator& sim, const Tinyproxy& proxy, const std::string& user,
                          const std::string& password) {
  ClientOptions o = options_for(sim);
  o.proxy.source = ProxyOptions::Source::url;
  o.proxy.field = "config.proxy";
  o.proxy.url = proxy.url();
  o.proxy.username = user;
  o.proxy.password = password;
  return o;
}

std::size_t count(const std::vector<std::string>& lines, const std::string& line) {
  return static_cast<std::size_t>(std::count(lines.begin(), lines.end(), line));
}

std::string connect_line(const Simulator& sim) {
  return "CONNECT 127.0.0.1:" + std::to_string(sim.port()) + " HTTP/1.1";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(proxy_client)

BOOST_AUTO_TEST_CASE(https_goes_through_one_connect_tunnel_kept_alive) {
  Simulator sim(kTenant);
  Tinyproxy proxy;
  RecordingHost host;
  RecordingCall call;
  ApiClient client(through(sim, proxy.url()), host.host());
  BOOST_TEST(client.network_route() == "via proxy " + proxy.url() + " (HTTPS_PROXY)");

  BOOST_TEST(list(client, call.call(), "/v2/users").size() == 50u);
  BOOST_TEST(list(client, call.call(), "/v2/user/roles").size() == 6u);
  BOOST_TEST(list(client, call.call(), "/v2/organizations").size() == 5u);

  // Token + three listings on one connection: one tunnel, TLS inside it verified
  // against the simulator's certificate (the proxy has none).
  BOOST_TEST(client.stats().requests == 4u);
  BOOST_TEST(client.stats().connections_opened == 1u);
  const auto requests = proxy.requests();
  BOOST_TEST(requests.size() == 1u);
  BOOST_TEST(count(requests, connect_line(sim)) == 1u);
  BOOST_TEST(sim.count("/v2/users", "200") == 1u);
  BOOST_TEST(sim.count("/ws/oauth/token", "200") == 1u);
}

BOOST_AUTO_TEST_CASE(tls_is_verified_against_the_target_not_the_proxy) {
  Simulator sim(kTenant);
  Tinyproxy proxy;
  RecordingHost host;
  RecordingCall call;
  ClientOptions options = through(sim, proxy.url());
  // Trust only the system store: the simulator's test certificate must be refused,
  // which it could not be if the proxy ended TLS (it does not hold a certificate).
  options.ca_file.clear();
  ApiClient client(options, host.host());
  const auto e = error_of([&] { client.authenticate(call.call()); });
  BOOST_TEST(e.status() == CONN_UNAVAILABLE);
  BOOST_TEST(contains(e.what(), "TLS handshake with 127.0.0.1:" + std::to_string(sim.port())));
  BOOST_TEST(contains(e.what(), "certificate verification failed"));
  BOOST_TEST(proxy.requests().size() == 1u);  // not retried: trust will not come
}

BOOST_AUTO_TEST_CASE(basic_credentials_open_the_tunnel_and_their_absence_is_one_407) {
  Simulator sim(kTenant);
  Tinyproxy proxy({.user = "svc-connector", .password = kProxyPassword});
  RecordingHost host;
  RecordingCall call;

  ApiClient good(through_own(sim, proxy, "svc-connector", kProxyPassword), host.host());
  BOOST_TEST(list(good, call.call(), "/v2/user/roles").size() == 6u);
  BOOST_TEST(count(proxy.requests(), connect_line(sim)) == 1u);

  ApiClient anonymous(through(sim, proxy.url()), host.host());
  const auto missing = error_of([&] { list(anonymous, call.call(), "/v2/users"); });
  BOOST_TEST(missing.status() == CONN_UNAVAILABLE);
  BOOST_TEST(contains(missing.what(), "the proxy " + proxy.url() +
                                          " answered 407 Proxy Authentication Required: proxy "
                                          "credentials are missing"));
  // A 407 is final: one CONNECT, no retry.
  BOOST_TEST(count(proxy.requests(), connect_line(sim)) == 2u);

  ApiClient wrong(through(sim, "http://svc-connector:wrong-" + std::string(kProxyPassword) + "@" +
                                   proxy.url().substr(7)),
                  host.host());
  const auto refused = error_of([&] { wrong.authenticate(call.call()); });
  // tinyproxy answers wrong credentials with a 401, not a 407.
  BOOST_TEST(contains(refused.what(), "the proxy " + proxy.url() +
                                          " answered 401 Unauthorized: it refused the proxy "
                                          "credentials given"),
             refused.what());
  BOOST_TEST(count(proxy.requests(), connect_line(sim)) == 3u);  // not retried either
  BOOST_TEST(!contains(refused.what(), kProxyPassword));
  BOOST_TEST(!contains(refused.details_json(), kProxyPassword));
  for (const std::string& event : host.events()) BOOST_TEST(!contains(event, kProxyPassword));
  BOOST_TEST(!contains(proxy.log(), kProxyPassword));
}

BOOST_AUTO_TEST_CASE(a_proxy_that_is_down_is_named_in_the_error) {
  Simulator sim(kTenant);
  Tinyproxy proxy;
  const std::string url = proxy.url();
  proxy.stop();
  RecordingHost host;
  RecordingCall call;
  ClientOptions options = through(sim, url);
  options.max_attempts = 2;
  ApiClient client(options, host.host());
  const auto e = error_of([&] { list(client, call.call(), "/v2/users"); });
  BOOST_TEST(e.status() == CONN_UNAVAILABLE);
  BOOST_TEST(contains(e.what(), "connecting to the proxy " + url + " failed"));
  BOOST_TEST(contains(e.what(), "after 2 attempts"));
  BOOST_TEST(sim.count("/ws/oauth/token", "200") == 0u);
}

BOOST_AUTO_TEST_CASE(no_proxy_sends_the_listed_hosts_direct) {
  Simulator sim(kTenant);
  Tinyproxy proxy;
  RecordingHost host;
  RecordingCall call;
  ApiClient client(through(sim, proxy.url(), {{"no_proxy", "localhost,127.0.0.0/8"}}), host.host());
  BOOST_TEST(client.network_route() == "direct (no_proxy)");
  BOOST_TEST(list(client, call.call(), "/v2/users").size() == 50u);
  BOOST_TEST(proxy.requests().empty());
  BOOST_TEST(proxy.connections() == 0u);
}

BOOST_AUTO_TEST_CASE(plain_http_uses_the_absolute_form_with_credentials_on_each_request) {
  Simulator sim(kTenant, {.tls = false});
  Tinyproxy proxy({.user = "svc-connector", .password = kProxyPassword});
  RecordingHost host;
  RecordingCall call;
  ApiClient client(through_own(sim, proxy, "svc-connector", kProxyPassword), host.host());
  BOOST_TEST(list(client, call.call(), "/v2/users").size() == 50u);
  BOOST_TEST(list(client, call.call(), "/v2/user/roles?roleType=TECHNICIAN").size() == 3u);
  const std::string origin = "http://127.0.0.1:" + std::to_string(sim.port());
  const auto requests = proxy.requests();
  BOOST_TEST(count(requests, "POST " + origin + "/ws/oauth/token HTTP/1.1") == 1u);
  BOOST_TEST(count(requests, "GET " + origin + "/v2/users HTTP/1.1") == 1u);
  BOOST_TEST(count(requests, "GET " + origin + "/v2/user/roles?roleType=TECHNICIAN HTTP/1.1") ==
             1u);

  ApiClient anonymous(through(sim, proxy.url()), host.host());
  const auto e = error_of([&] { anonymous.authenticate(call.call()); });
  BOOST_TEST(contains(e.what(),
                      "answered 407 Proxy Authentication Required: proxy credentials "
                      "are missing"));
  BOOST_TEST(sim.count("/ws/oauth/token", "200") == 1u);  // the refused one never arrived
}

BOOST_AUTO_TEST_CASE(retries_and_retry_after_work_through_the_tunnel) {
  Simulator sim(kTenant);
  Tinyproxy proxy;
  RecordingHost host;
  RecordingCall call;
  ClientOptions options = through(sim, proxy.url());
  options.max_attempts = 20;
  ApiClient client(options, host.host());
  const auto reference = list(client, call.call(), "/v2/users");
  // Broken connections (reset, truncated) close the tunnel: the retry opens another.
  sim.set_faults("429=0.2,503=0.1,reset=0.15,truncated=0.15,retry-after=0,paths=/v2/users");
  for (int round = 0; round < 12; ++round) {
    BOOST_TEST((list(client, call.call(), "/v2/users") == reference));
  }
  const json::object faults = sim.stats().at("faults").as_object();
  BOOST_TEST(faults.contains("429"));
  BOOST_TEST(faults.contains("reset"));
  BOOST_TEST(client.stats().retries > 0u);
  BOOST_TEST(client.stats().rate_limit_waits > 0u);
  // Every connection the client opened is one CONNECT the proxy logged.
  BOOST_TEST(count(proxy.requests(), connect_line(sim)) == client.stats().connections_opened);
  BOOST_TEST(client.stats().connections_opened > 1u);
}

BOOST_AUTO_TEST_CASE(the_request_timeout_bounds_a_reply_slow_behind_the_proxy) {
  Simulator sim(kTenant);
  Tinyproxy proxy;
  RecordingHost host;
  RecordingCall call;
  ClientOptions options = through(sim, proxy.url());
  options.request_timeout = 300ms;
  options.max_attempts = 1;
  ApiClient client(options, host.host());
  client.authenticate(call.call());
  sim.set_faults("slow=1,slow-ms=5000,paths=/v2/users");
  const auto e = error_of([&] { list(client, call.call(), "/v2/users"); });
  BOOST_TEST(contains(e.what(), "timed out"));
}

BOOST_AUTO_TEST_SUITE_END()
