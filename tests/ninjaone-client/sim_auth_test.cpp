// Credentials, scopes, TLS and the refresh-token flow against the simulator: each
// failure has its own clear error, and no secret ever appears in one.
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <thread>

#include <connector/sdk/http/api_client.hpp>

#include "sim_test_support.hpp"

using namespace std::chrono_literals;
using namespace connector::sdk::http;
using namespace ninjaone_client_test;
namespace json = boost::json;

namespace {

void expect_no_secret(const connector::sdk::Error& e,
                      std::initializer_list<std::string_view> secrets) {
  for (const auto secret : secrets) {
    BOOST_TEST_INFO("secret " << secret);
    BOOST_TEST(!contains(e.what(), secret));
    BOOST_TEST(!contains(e.details_json(), secret));
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sim_auth)

BOOST_AUTO_TEST_CASE(a_bad_secret_is_bad_client_credentials) {
  Simulator sim;
  RecordingHost host;
  RecordingCall call;
  ClientOptions o = options_for(sim);
  o.client_secret = "wrong-secret-123";
  ApiClient client(o, host.host());
  const auto e = error_of([&] { list(client, call.call(), "/v2/user/roles"); });
  BOOST_TEST(e.status() == CONN_UNAUTHENTICATED);
  BOOST_TEST(contains(e.what(), "bad client credentials"));
  BOOST_TEST(json::parse(e.details_json()).at("http_status").as_int64() == 401);
  expect_no_secret(e, {"wrong-secret-123", "sim-secret"});
  BOOST_TEST(sim.count("/ws/oauth/token", "401") == 1u);  // not retried
  BOOST_TEST(sim.count("/v2/user/roles", "200") == 0u);
}

BOOST_AUTO_TEST_CASE(a_scope_the_app_lacks_is_named) {
  Simulator sim({"--scopes", "monitoring management"});
  RecordingHost host;
  RecordingCall call;
  ApiClient client(options_for(sim), host.host());
  const auto e = error_of([&] { client.authenticate(call.call()); });
  BOOST_TEST(e.status() == CONN_PERMISSION_DENIED);
  BOOST_TEST(contains(
      e.what(), "invalid scope: the client app lacks one of 'monitoring management control'"));
  BOOST_TEST(contains(e.what(), "control"));
  BOOST_TEST(json::parse(e.details_json()).at("error").as_string() == "invalid_scope");
  expect_no_secret(e, {"sim-secret"});
}

BOOST_AUTO_TEST_CASE(plain_http_works_only_when_allowed) {
  Simulator sim({}, {.tls = false});
  RecordingHost host;
  RecordingCall call;
  ClientOptions o = options_for(sim);
  o.allow_insecure_http = false;
  const auto e = error_of([&] { ApiClient refused(o, host.host()); });
  BOOST_TEST(e.status() == CONN_INVALID_ARGUMENT);
  BOOST_TEST(contains(e.what(), "allow_insecure_http"));
  o.allow_insecure_http = true;
  ApiClient client(o, host.host());
  BOOST_TEST(!list(client, call.call(), "/v2/user/roles").empty());
}

BOOST_AUTO_TEST_CASE(an_untrusted_certificate_names_the_host_and_the_reason) {
  Simulator sim;
  RecordingHost host;
  RecordingCall call;
  ClientOptions o = options_for(sim);
  o.ca_file.clear();  // the system store does not know the test CA
  ApiClient client(o, host.host());
  const auto e = error_of([&] { client.authenticate(call.call()); });
  BOOST_TEST(e.status() == CONN_UNAVAILABLE);
  const std::string authority = sim.base_url().substr(std::string("https://").size());
  BOOST_TEST(contains(e.what(), "TLS handshake with " + authority + " failed"));
  BOOST_TEST(contains(e.what(), "certificate"));
  BOOST_TEST(client.stats().requests == 0u);
  BOOST_TEST(client.stats().connections_opened == 1u);  // not retried: it cannot help
}

BOOST_AUTO_TEST_CASE(a_host_name_goes_through_sni_and_name_verification) {
  Simulator sim;
  RecordingHost host;
  RecordingCall call;
  ClientOptions o = options_for(sim);
  // The test certificate names "localhost" as a DNS name besides the 127.0.0.1 address.
  o.base_url = "https://localhost:" + sim.base_url().substr(sim.base_url().rfind(':') + 1);
  o.token_url = ninjaone::token_url_for(o.base_url);
  ApiClient client(o, host.host());
  BOOST_TEST(!list(client, call.call(), "/v2/user/roles").empty());
}

BOOST_AUTO_TEST_CASE(a_certificate_for_other_names_is_refused_and_not_retried) {
  Simulator sim;
  RecordingHost host;
  RecordingCall call;
  ClientOptions o = options_for(sim);
  // "127.1" reaches 127.0.0.1 through the resolver, but it is a host name the
  // certificate (127.0.0.1, localhost) does not carry.
  o.base_url = "https://127.1:" + sim.base_url().substr(sim.base_url().rfind(':') + 1);
  o.token_url = ninjaone::token_url_for(o.base_url);
  ApiClient client(o, host.host());
  const auto e = error_of([&] { client.authenticate(call.call()); });
  BOOST_TEST(e.status() == CONN_UNAVAILABLE);
  BOOST_TEST(contains(e.what(), "certificate verification failed"));
  BOOST_TEST(contains(e.what(), "127.1"));
  BOOST_TEST(client.stats().connections_opened == 1u);
}

BOOST_AUTO_TEST_CASE(user_context_required_asks_for_refresh_token_auth) {
  Simulator sim({"--tickets-need-user-context"});
  RecordingHost host;
  RecordingCall call;
  ApiClient client(options_for(sim), host.host());
  const json::value ticket = {
      {"clientId", 1}, {"ticketFormId", 1}, {"subject", "access"}, {"status", "1000"}};
  const auto e = error_of([&] {
    client.send(call.call(), boost::beast::http::verb::post, "/v2/ticketing/ticket", &ticket,
                WriteSafety::write);
  });
  BOOST_TEST(e.status() == CONN_FAILED_PRECONDITION);
  BOOST_TEST(contains(e.what(), "refresh_token"));
  BOOST_TEST(json::parse(e.details_json()).at("error").as_string() == "user_context_required");
  BOOST_TEST(sim.count("/ws/oauth/token", "200") == 1u);  // no pointless re-authentication
}

BOOST_AUTO_TEST_CASE(rotated_refresh_tokens_are_stored_before_use) {
  Simulator sim({"--token-ttl", "2"});
  RecordingHost host;
  RecordingCall call;
  ClientOptions o = options_for(sim);
  o.auth = AuthFlow::refresh_token;
  o.refresh_token = "sim-refresh-0";
  ApiClient client(o, host.host());
  std::vector<std::uint64_t> requests_at_store;
  host.on_store = [&] { requests_at_store.push_back(client.stats().requests); };

  BOOST_TEST(!list(client, call.call(), "/v2/user/roles").empty());
  std::this_thread::sleep_for(2100ms);  // the access token expires: refresh again
  BOOST_TEST(!list(client, call.call(), "/v2/user/roles").empty());

  const auto events = host.events();
  BOOST_REQUIRE_EQUAL(events.size(), 2u);
  BOOST_TEST(events[0].starts_with("store:refresh_token="));
  BOOST_TEST(events[1].starts_with("store:refresh_token="));
  BOOST_TEST(events[0] != events[1]);  // rotated each time
  BOOST_TEST(events[0] != "store:refresh_token=sim-refresh-0");
  // Each store came right after its token request, before the API request that used
  // the new access token: requests 1 (token) and 3 (token) had been made.
  BOOST_TEST(requests_at_store == (std::vector<std::uint64_t>{1, 3}),
             boost::test_tools::per_element());
  BOOST_TEST(client.stats().requests == 4u);

  // The stored token works for the next process; the first one is dead.
  RecordingHost next_host;
  o.refresh_token = events[1].substr(std::string("store:refresh_token=").size());
  ApiClient next(o, next_host.host());
  BOOST_TEST(!list(next, call.call(), "/v2/user/roles").empty());
  o.refresh_token = "sim-refresh-0";
  ApiClient stale(o, next_host.host());
  const auto e = error_of([&] { stale.authenticate(call.call()); });
  BOOST_TEST(e.status() == CONN_UNAUTHENTICATED);
  BOOST_TEST(contains(e.what(), "refresh token rejected"));
  expect_no_secret(e, {"sim-refresh-0", "sim-secret"});
}

BOOST_AUTO_TEST_CASE(a_refresh_token_that_cannot_be_stored_is_not_used) {
  Simulator sim;
  RecordingHost host;
  RecordingCall call;
  ClientOptions o = options_for(sim);
  o.auth = AuthFlow::refresh_token;
  o.refresh_token = "sim-refresh-0";
  host.refuse_store = true;
  ApiClient client(o, host.host());
  const auto e = error_of([&] { list(client, call.call(), "/v2/user/roles"); });
  BOOST_TEST(contains(e.what(), "could not be stored"));
  BOOST_TEST(client.stats().requests == 1u);  // the token request only
  BOOST_TEST(sim.count("/v2/user/roles", "200") == 0u);
  expect_no_secret(e, {"sim-refresh-0", "sim-refresh-1", "sim-secret"});
}

BOOST_AUTO_TEST_CASE(a_static_bearer_token_is_sent_as_it_is_and_a_refusal_is_not_retried) {
  Simulator sim;
  const std::string token = sim.access_token("sim-client", "sim-secret", "monitoring");
  RecordingHost host;
  RecordingCall call;
  ClientOptions o = options_for(sim);
  o.auth = AuthFlow::bearer_token;
  o.bearer_token = token;
  o.client_secret.clear();
  ApiClient client(o, host.host());
  BOOST_TEST(client.authenticate(call.call()).empty());  // nothing to fetch
  BOOST_TEST(!list(client, call.call(), "/v2/user/roles").empty());
  BOOST_TEST(sim.count("/ws/oauth/token", "200") == 1u);  // the test's own, no other
  BOOST_TEST(client.stats().token_refreshes == 0u);

  sim.revoke_tokens();
  const auto e = error_of([&] { list(client, call.call(), "/v2/user/roles"); });
  BOOST_TEST(e.status() == CONN_UNAUTHENTICATED);
  BOOST_TEST(sim.count("/v2/user/roles", "401") == 1u);  // a static token cannot be renewed
  expect_no_secret(e, {token});
}

BOOST_AUTO_TEST_CASE(without_auth_no_token_is_asked_for_or_sent) {
  Simulator sim;
  RecordingHost host;
  RecordingCall call;
  ClientOptions o = options_for(sim);
  o.auth = AuthFlow::none;
  ApiClient client(o, host.host());
  const auto e = error_of([&] { list(client, call.call(), "/v2/user/roles"); });
  BOOST_TEST(e.status() == CONN_UNAUTHENTICATED);
  BOOST_TEST(json::parse(e.details_json()).at("error").as_string() == "not_authenticated");
  BOOST_TEST(sim.count("/ws/oauth/token", "200") == 0u);
  BOOST_TEST(sim.count("/v2/user/roles", "401") == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
