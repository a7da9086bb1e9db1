// URL parsing and the checks ApiClient makes before any request.
#include <boost/test/unit_test.hpp>

#include <connector/sdk/http/api_client.hpp>
#include <connector/sdk/http/endpoint.hpp>

#include "http/token_source.hpp"
#include "support/host_calls.hpp"

using namespace std::chrono_literals;
using namespace connector::sdk::http;

namespace {

conn_status status_of_construction(ClientOptions options) {
  test_support::RecordingHost host;
  try {
    ApiClient client(std::move(options), host.host());
    return CONN_OK;
  } catch (const connector::sdk::Error& e) {
    BOOST_TEST(std::string(e.what()).find("s3cret") == std::string::npos);
    return e.status();
  }
}

ClientOptions valid_options() {
  ClientOptions o;
  o.base_url = "https://api.example.com";
  o.token_url = "https://api.example.com/oauth/token";
  o.client_id = "id";
  o.client_secret = "s3cret";
  return o;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(endpoint)

BOOST_AUTO_TEST_CASE(https_urls) {
  const Endpoint e = parse_endpoint("https://api.example.com", "base_url", false);
  BOOST_TEST(e.tls);
  BOOST_TEST(e.host == "api.example.com");
  BOOST_TEST(e.port == "443");
  BOOST_TEST(e.path == "");
  BOOST_TEST(e.host_header == "api.example.com");
  BOOST_TEST(e.authority == "api.example.com:443");

  const Endpoint t = parse_endpoint("https://127.0.0.1:8443/ws/oauth/token", "token_url", false);
  BOOST_TEST(t.host == "127.0.0.1");
  BOOST_TEST(t.port == "8443");
  BOOST_TEST(t.path == "/ws/oauth/token");
  BOOST_TEST(t.host_header == "127.0.0.1:8443");
}

BOOST_AUTO_TEST_CASE(a_token_endpoint_in_clear_beside_an_https_api_is_refused_naming_the_field) {
  const Endpoint api = parse_endpoint("https://127.0.0.1:8443", "base_url", false);
  const Endpoint token = parse_endpoint("http://127.0.0.1:8080/ws/oauth/token", "token_url", true);
  try {
    refuse_token_downgrade(api, token, "config.token_url");
    BOOST_FAIL("an http token_url beside an https base_url was accepted");
  } catch (const connector::sdk::Error& e) {
    BOOST_TEST(e.status() == CONN_INVALID_ARGUMENT);
    BOOST_TEST(std::string(e.what()) ==
               "config.token_url: is http:// while base_url is https://: the client secret and "
               "the tokens would travel in clear text; use https://");
  }
  refuse_token_downgrade(api, api, "config.token_url");      // both TLS
  refuse_token_downgrade(token, token, "config.token_url");  // both clear, loopback
  refuse_token_downgrade(token, api, "config.token_url");    // the secret goes over TLS
}

BOOST_AUTO_TEST_CASE(white_label_prefixes_lose_their_trailing_slash) {
  const Endpoint e = parse_endpoint("https://rmm.example.com/api/", "base_url", false);
  BOOST_TEST(e.path == "/api");
}

BOOST_AUTO_TEST_CASE(ipv6_literals) {
  const Endpoint e = parse_endpoint("https://[::1]:9000", "base_url", false);
  BOOST_TEST(e.host == "::1");
  BOOST_TEST(e.host_header == "[::1]:9000");
}

BOOST_AUTO_TEST_CASE(plain_http_only_when_allowed) {
  BOOST_CHECK_THROW(parse_endpoint("http://127.0.0.1:80", "base_url", false),
                    connector::sdk::Error);
  const Endpoint e = parse_endpoint("http://127.0.0.1", "base_url", true);
  BOOST_TEST(!e.tls);
  BOOST_TEST(e.port == "80");
}

BOOST_AUTO_TEST_CASE(plain_http_reaches_loopback_hosts_only) {
  for (const char* loopback : {"http://127.0.0.1:8080", "http://127.200.3.4", "http://[::1]:9000",
                               "http://localhost:1", "http://LocalHost/api"}) {
    BOOST_TEST(!parse_endpoint(loopback, "base_url", true).tls, loopback);
  }
  for (const char* remote : {"http://0.0.0.0:8080", "http://0.0.0.0", "http://[::]:80"}) {
    try {
      parse_endpoint(remote, "token_url", true);
      BOOST_FAIL("accepted " << remote);
    } catch (const connector::sdk::Error& e) {
      BOOST_TEST(e.status() == CONN_INVALID_ARGUMENT);
      BOOST_TEST(std::string(e.what()).starts_with("token_url"));
      BOOST_TEST(std::string(e.what()).find("only to a loopback host") != std::string::npos,
                 e.what());
      BOOST_TEST(std::string(e.what()).find('\n') == std::string::npos);
    }
  }
  BOOST_TEST(is_loopback_host("::ffff:127.0.0.1"));
  BOOST_TEST(!is_loopback_host("0.0.0.0"));
  BOOST_TEST(!is_loopback_host("localhost.example"));
}

BOOST_AUTO_TEST_CASE(bad_urls_name_the_field) {
  for (const char* bad :
       {"api.example.com", "ftp://x", "https://user:pw@x", "https://x#frag", ""}) {
    try {
      parse_endpoint(bad, "base_url", false);
      BOOST_FAIL("accepted " << bad);
    } catch (const connector::sdk::Error& e) {
      BOOST_TEST(e.status() == CONN_INVALID_ARGUMENT);
      BOOST_TEST(std::string(e.what()).starts_with("base_url"));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(client_options)

BOOST_AUTO_TEST_CASE(a_valid_configuration_makes_no_request) {
  BOOST_TEST(status_of_construction(valid_options()) == CONN_OK);
}

BOOST_AUTO_TEST_CASE(http_is_refused_without_allow_insecure_http) {
  ClientOptions o = valid_options();
  o.base_url = "http://127.0.0.1:1";
  BOOST_TEST(status_of_construction(o) == CONN_INVALID_ARGUMENT);
  o.allow_insecure_http = true;
  BOOST_TEST(status_of_construction(o) == CONN_OK);
  o.token_url = "http://127.0.0.1:2/oauth/token";
  BOOST_TEST(status_of_construction(o) == CONN_OK);
  o.allow_insecure_http = false;
  o.base_url = "https://127.0.0.1:1";
  BOOST_TEST(status_of_construction(o) == CONN_INVALID_ARGUMENT);  // the token URL too
}

BOOST_AUTO_TEST_CASE(allow_insecure_http_does_not_reach_past_loopback) {
  ClientOptions o = valid_options();
  o.allow_insecure_http = true;
  o.base_url = "http://0.0.0.0:8080";
  BOOST_TEST(status_of_construction(o) == CONN_INVALID_ARGUMENT);
  // An https API with a clear-text token endpoint would send the secret in clear.
  o.base_url = "https://127.0.0.1:1";
  o.token_url = "http://0.0.0.0:8080/ws/oauth/token";
  BOOST_TEST(status_of_construction(o) == CONN_INVALID_ARGUMENT);
}

BOOST_AUTO_TEST_CASE(an_https_api_with_a_clear_text_token_url_is_refused_even_on_loopback) {
  ClientOptions o = valid_options();
  o.allow_insecure_http = true;
  o.base_url = "https://127.0.0.1:1";
  o.token_url = "http://127.0.0.1:8080/ws/oauth/token";
  BOOST_TEST(status_of_construction(o) == CONN_INVALID_ARGUMENT);
  // Both in clear, to a loopback simulator, is what allow_insecure_http is for.
  o.base_url = "http://127.0.0.1:1";
  BOOST_TEST(status_of_construction(o) == CONN_OK);
  // A clear-text API with a TLS token endpoint sends no secret in clear.
  o.token_url = "https://127.0.0.1:8443/ws/oauth/token";
  BOOST_TEST(status_of_construction(o) == CONN_OK);
}

BOOST_AUTO_TEST_CASE(missing_fields) {
  ClientOptions o = valid_options();
  o.client_secret.clear();
  BOOST_TEST(status_of_construction(o) == CONN_INVALID_ARGUMENT);
  o = valid_options();
  o.auth = AuthFlow::refresh_token;
  BOOST_TEST(status_of_construction(o) == CONN_INVALID_ARGUMENT);
  o.refresh_token = "r";
  BOOST_TEST(status_of_construction(o) == CONN_OK);
}

BOOST_AUTO_TEST_CASE(each_auth_flow_needs_its_own_fields_only) {
  ClientOptions o;
  o.base_url = "https://api.example.com";
  o.auth = AuthFlow::bearer_token;
  BOOST_TEST(status_of_construction(o) == CONN_INVALID_ARGUMENT);  // no token
  o.bearer_token = "static-token";
  BOOST_TEST(status_of_construction(o) == CONN_OK);  // no token_url, client_id or secret
  o.auth = AuthFlow::none;
  o.bearer_token.clear();
  BOOST_TEST(status_of_construction(o) == CONN_OK);
  o.auth = AuthFlow::client_credentials;
  o.client_id = "id";
  o.client_secret = "s3cret";
  BOOST_TEST(status_of_construction(o) == CONN_INVALID_ARGUMENT);  // no token_url
  o.token_url = "https://login.example.com/oauth2/token";
  BOOST_TEST(status_of_construction(o) == CONN_OK);
}

BOOST_AUTO_TEST_CASE(an_unreadable_ca_file_is_named) {
  ClientOptions o = valid_options();
  o.ca_file = "/nonexistent/ca.pem";
  test_support::RecordingHost host;
  try {
    ApiClient client(o, host.host());
    BOOST_FAIL("accepted a missing ca_file");
  } catch (const connector::sdk::Error& e) {
    BOOST_TEST(e.status() == CONN_FAILED_PRECONDITION);
    BOOST_TEST(std::string(e.what()).find("/nonexistent/ca.pem") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(tokens_are_refreshed_a_tenth_before_expiry_at_most_a_minute) {
  BOOST_TEST(TokenSource::refresh_margin(3600s).count() == 60000);
  BOOST_TEST(TokenSource::refresh_margin(300s).count() == 30000);
  BOOST_TEST(TokenSource::refresh_margin(2s).count() == 200);
  BOOST_TEST(TokenSource::refresh_margin(0s).count() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
