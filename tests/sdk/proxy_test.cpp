// Which proxy a request goes through (the environment as curl reads it, a connector's
// own "proxy" field, NO_PROXY), proxy URLs and their credentials, and the messages
// that name a proxy. The client through a real proxy is tested in tests/proxy.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <connector/sdk.hpp>
#include <connector/sdk/config_reader.hpp>
#include <connector/sdk/http/api_client.hpp>
#include <connector/sdk/http/endpoint.hpp>
#include <connector/sdk/http/proxy.hpp>
#include <connector/sdk/http/proxy_config.hpp>

#include <map>
#include <string>

#include "support/host_calls.hpp"

using namespace connector::sdk::http;
namespace json = boost::json;

namespace {

constexpr const char* kPassword = "pr0xy-pa55-never-shown";

// ProxyOptions reading the given variables instead of the process environment.
ProxyOptions from(std::map<std::string, std::string> variables) {
  ProxyOptions options;
  options.environment = [variables](const std::string& name) -> std::optional<std::string> {
    const auto found = variables.find(name);
    if (found == variables.end()) return std::nullopt;
    return found->second;
  };
  return options;
}

Endpoint https_target(const std::string& host = "app.ninjarmm.com",
                      const std::string& port = "443") {
  Endpoint e = parse_endpoint("https://" + host + ":" + port, "base_url", false);
  return e;
}

Endpoint http_target() { return parse_endpoint("http://127.0.0.1:8080", "base_url", true); }

bool bypassed(std::string_view no_proxy, const Endpoint& target) {
  return no_proxy_matches(no_proxy, target);
}

// The message of the INVALID_ARGUMENT error `body` throws.
template <class Body>
std::string refusal(Body&& body) {
  try {
    body();
  } catch (const connector::sdk::Error& e) {
    BOOST_TEST(e.status() == CONN_INVALID_ARGUMENT);
    return e.what();
  }
  BOOST_FAIL("not refused");
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(proxy_environment)

BOOST_AUTO_TEST_CASE(https_targets_use_https_proxy_and_lower_case_wins) {
  const ProxyRoute both =
      route_for(from({{"https_proxy", "http://lower:3128"}, {"HTTPS_PROXY", "http://upper:3128"}}),
                https_target());
  BOOST_TEST_REQUIRE(both.proxy.has_value());
  BOOST_TEST(both.proxy->name == "http://lower:3128");
  BOOST_TEST(both.describe() == "via proxy http://lower:3128 (https_proxy)");

  const ProxyRoute upper = route_for(from({{"HTTPS_PROXY", "http://upper:3128"}}), https_target());
  BOOST_TEST(upper.describe() == "via proxy http://upper:3128 (HTTPS_PROXY)");

  // Set but empty counts as unset.
  const ProxyRoute empty_lower =
      route_for(from({{"https_proxy", ""}, {"HTTPS_PROXY", "http://upper:3128"}}), https_target());
  BOOST_TEST(empty_lower.proxy->name == "http://upper:3128");
}

BOOST_AUTO_TEST_CASE(http_targets_use_http_proxy_only) {
  const auto variables =
      from({{"HTTPS_PROXY", "http://secure:3128"}, {"http_proxy", "plain:8080"}});
  BOOST_TEST(route_for(variables, http_target()).describe() ==
             "via proxy http://plain:8080 (http_proxy)");
  BOOST_TEST(route_for(variables, https_target()).describe() ==
             "via proxy http://secure:3128 (HTTPS_PROXY)");
  BOOST_TEST(route_for(from({{"HTTPS_PROXY", "http://secure:3128"}}), http_target()).describe() ==
             "direct");
}

BOOST_AUTO_TEST_CASE(nothing_set_is_direct) {
  BOOST_TEST(route_for(from({}), https_target()).describe() == "direct");
  BOOST_TEST(!route_for(from({{"NO_PROXY", "*"}}), https_target()).proxy.has_value());
}

BOOST_AUTO_TEST_CASE(no_proxy_bypasses_and_lower_case_wins) {
  const ProxyRoute bypass = route_for(
      from({{"HTTPS_PROXY", "http://p:3128"}, {"NO_PROXY", "ninjarmm.com"}}), https_target());
  BOOST_TEST(!bypass.proxy.has_value());
  BOOST_TEST(bypass.describe() == "direct (NO_PROXY)");

  const ProxyRoute lower_wins = route_for(from({{"HTTPS_PROXY", "http://p:3128"},
                                                {"no_proxy", "example.com"},
                                                {"NO_PROXY", "ninjarmm.com"}}),
                                          https_target());
  BOOST_TEST(lower_wins.describe() == "via proxy http://p:3128 (HTTPS_PROXY)");
}

BOOST_AUTO_TEST_CASE(the_connectors_own_setting_overrides_the_environment) {
  ProxyOptions none = from({{"HTTPS_PROXY", "http://p:3128"}});
  none.source = ProxyOptions::Source::none;
  none.field = "config.proxy";
  BOOST_TEST(route_for(none, https_target()).describe() == "direct (config.proxy is \"none\")");

  ProxyOptions own = from({{"HTTPS_PROXY", "http://p:3128"}, {"NO_PROXY", "*"}});
  own.source = ProxyOptions::Source::url;
  own.field = "config.proxy";
  own.url = "http://corp-proxy:8080";
  BOOST_TEST(route_for(own, https_target()).describe() ==
             "via proxy http://corp-proxy:8080 (config.proxy)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(no_proxy_list)

BOOST_AUTO_TEST_CASE(host_names_match_themselves_and_subdomains_only) {
  const Endpoint target = https_target("api.Example.com");
  BOOST_TEST(bypassed("example.com", target));
  BOOST_TEST(bypassed(".example.com", target));
  BOOST_TEST(bypassed("api.example.com", target));
  BOOST_TEST(bypassed("EXAMPLE.COM.", target));
  BOOST_TEST(!bypassed("ample.com", target));
  BOOST_TEST(!bypassed("example.com", https_target("badexample.com")));
  BOOST_TEST(!bypassed("other.example.com", target));
  BOOST_TEST(!bypassed("com.example", target));
}

BOOST_AUTO_TEST_CASE(lists_are_split_on_commas_and_spaces) {
  const Endpoint target = https_target("app.ninjarmm.com");
  BOOST_TEST(bypassed("localhost, 127.0.0.1 ,ninjarmm.com", target));
  BOOST_TEST(bypassed("localhost  ninjarmm.com", target));
  BOOST_TEST(!bypassed("localhost,,127.0.0.1,", target));
  BOOST_TEST(bypassed("*", target));
  BOOST_TEST(bypassed("localhost,*", target));
}

BOOST_AUTO_TEST_CASE(addresses_match_exactly_or_by_cidr_block) {
  BOOST_TEST(bypassed("127.0.0.1", https_target("127.0.0.1")));
  BOOST_TEST(!bypassed("127.0.0.1", https_target("127.0.0.2")));
  BOOST_TEST(bypassed("127.0.0.0/8", https_target("127.4.5.6")));
  BOOST_TEST(!bypassed("10.0.0.0/8", https_target("127.4.5.6")));
  BOOST_TEST(bypassed("::1", https_target("[::1]")));
  BOOST_TEST(bypassed("[::1]", https_target("[::1]")));
  BOOST_TEST(bypassed("fd00::/8", https_target("[fd12::1]")));
  BOOST_TEST(!bypassed("fd00::/8", https_target("[fe80::1]")));
  // An address is not a suffix of a name, nor a name of an address.
  BOOST_TEST(!bypassed("0.0.1", https_target("127.0.0.1")));
}

BOOST_AUTO_TEST_CASE(a_port_restricts_the_entry_to_that_port) {
  BOOST_TEST(bypassed("example.com:8443", https_target("api.example.com", "8443")));
  BOOST_TEST(!bypassed("example.com:8443", https_target("api.example.com", "443")));
  BOOST_TEST(bypassed("127.0.0.1:443", https_target("127.0.0.1")));
  BOOST_TEST(bypassed("[::1]:8443", https_target("[::1]", "8443")));
  BOOST_TEST(!bypassed("[::1]:8443", https_target("[::1]", "443")));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(proxy_urls)

BOOST_AUTO_TEST_CASE(scheme_and_port_default_as_in_curl) {
  const ProxyServer bare = parse_proxy_url("proxy.corp:3128", "HTTPS_PROXY");
  BOOST_TEST(bare.name == "http://proxy.corp:3128");
  BOOST_TEST(bare.endpoint.host == "proxy.corp");
  BOOST_TEST(bare.endpoint.port == "3128");
  BOOST_TEST(!bare.endpoint.tls);
  BOOST_TEST(parse_proxy_url("http://proxy.corp", "HTTPS_PROXY").endpoint.port == "1080");
  BOOST_TEST(parse_proxy_url("http://proxy.corp:3128/", "HTTPS_PROXY").name ==
             "http://proxy.corp:3128");
  const ProxyServer v6 = parse_proxy_url("http://[::1]:3128", "HTTPS_PROXY");
  BOOST_TEST(v6.endpoint.host == "::1");
  BOOST_TEST(v6.name == "http://[::1]:3128");
  BOOST_TEST(bare.authorization.empty());
}

BOOST_AUTO_TEST_CASE(user_info_gives_basic_credentials_and_fields_override_it) {
  // RFC 7617's example: Aladdin / open sesame.
  const ProxyServer info = parse_proxy_url("http://Aladdin:open%20sesame@p:3128", "HTTPS_PROXY");
  BOOST_TEST(info.authorization == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  BOOST_TEST(info.password == "open sesame");
  BOOST_TEST(info.name == "http://p:3128");  // no credentials in what messages say

  const ProxyServer fields =
      parse_proxy_url("http://someone:else@p:3128", "config.proxy.url", "Aladdin", "open sesame");
  BOOST_TEST(fields.authorization == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  BOOST_TEST(parse_proxy_url("http://p:3128", "x", "Aladdin", "").authorization ==
             "Basic QWxhZGRpbjo=");
}

BOOST_AUTO_TEST_CASE(unusable_urls_are_refused_naming_the_field_never_the_password) {
  const std::string https = refusal(
      [] { parse_proxy_url(std::string("https://u:") + kPassword + "@p:3128", "HTTPS_PROXY"); });
  BOOST_TEST(
      https.starts_with("HTTPS_PROXY: https:// proxies (TLS to the proxy itself) are not "
                        "supported"));
  BOOST_TEST(https.find(kPassword) == std::string::npos);
  BOOST_TEST(refusal([] { parse_proxy_url("socks5://p:1080", "ALL"); }) ==
             "ALL: proxy scheme socks5:// is not supported; only http:// proxies are");
  BOOST_TEST(refusal([] { parse_proxy_url("http://p:3128/path", "config.proxy.url"); }) ==
             "config.proxy.url: must not have a path (a proxy URL is http://HOST:PORT)");
  BOOST_TEST(refusal([] { parse_proxy_url("http://:3128", "X"); }) == "X: has no host");
  BOOST_TEST(refusal([] { parse_proxy_url("http://p:3128", "X", "", kPassword); }) ==
             "X: a proxy password is given but no user name");
  const std::string garbage =
      refusal([] { parse_proxy_url(std::string("http://u:") + kPassword + "@p:99999999", "X"); });
  BOOST_TEST(garbage.find(kPassword) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_407_names_the_proxy_and_what_was_wrong) {
  const ProxyServer anonymous = parse_proxy_url("http://p:3128", "X");
  BOOST_TEST(proxy_authentication_failure(anonymous, "Basic realm=\"corp\"") ==
             "the proxy http://p:3128 answered 407 Proxy Authentication Required: proxy "
             "credentials are missing (give the proxy's username and password, or user info in "
             "the proxy URL)");
  const ProxyServer with_user = parse_proxy_url("http://u:pw@p:3128", "X");
  BOOST_TEST(proxy_authentication_failure(with_user, "") ==
             "the proxy http://p:3128 answered 407 Proxy Authentication Required: it refused the "
             "proxy credentials given");
  BOOST_TEST(proxy_authentication_failure(with_user, "", 401) ==
             "the proxy http://p:3128 answered 401 Unauthorized: it refused the proxy credentials "
             "given");
  BOOST_TEST(proxy_authentication_failure(with_user, "NTLM") ==
             "the proxy http://p:3128 answered 407 Proxy Authentication Required: it asks for NTLM "
             "authentication, and only Basic is supported");
}

BOOST_AUTO_TEST_CASE(the_client_refuses_a_bad_environment_proxy_before_any_request) {
  test_support::RecordingHost host;
  ClientOptions options;
  options.base_url = "https://api.example.com";
  options.auth = AuthFlow::none;
  options.proxy = from({{"HTTPS_PROXY", std::string("https://u:") + kPassword + "@p:3128"}});
  const std::string message = refusal([&] { ApiClient client(options, host.host()); });
  BOOST_TEST(message.starts_with("HTTPS_PROXY: https:// proxies"));
  BOOST_TEST(message.find(kPassword) == std::string::npos);

  options.proxy = from({{"HTTPS_PROXY", "http://p:3128"}, {"NO_PROXY", "example.com"}});
  BOOST_TEST(ApiClient(options, host.host()).network_route() == "direct (NO_PROXY)");
  options.proxy = from({{"HTTPS_PROXY", std::string("http://u:") + kPassword + "@p:3128"}});
  BOOST_TEST(ApiClient(options, host.host()).network_route() ==
             "via proxy http://p:3128 (HTTPS_PROXY)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(proxy_config_field)

// A connector schema holding the SDK's "proxy" property, as a connector's does.
std::string schema_with_proxy() {
  json::object schema =
      json::parse(R"({"type": "object", "additionalProperties": false})").as_object();
  schema["properties"] = json::object{{"proxy", json::parse(proxy_config_schema())}};
  return json::serialize(schema);
}

ProxyOptions read(const std::string& config) {
  return read_proxy_config(connector::sdk::ConfigReader(schema_with_proxy(), config));
}

BOOST_AUTO_TEST_CASE(absent_none_and_an_object) {
  BOOST_TEST((read("{}").source == ProxyOptions::Source::environment));
  BOOST_TEST((read(R"({"proxy":"none"})").source == ProxyOptions::Source::none));
  const ProxyOptions own =
      read(R"({"proxy":{"url":"http://p:3128","username":"svc","password":"pw"}})");
  BOOST_TEST((own.source == ProxyOptions::Source::url));
  BOOST_TEST(own.url == "http://p:3128");
  BOOST_TEST(own.username == "svc");
  BOOST_TEST(own.password == "pw");
  BOOST_TEST(own.field == "config.proxy");
}

BOOST_AUTO_TEST_CASE(bad_values_are_refused_naming_the_field) {
  BOOST_TEST(refusal([] { read(R"({"proxy":"direct"})"); }).starts_with("config.proxy: "));
  BOOST_TEST(refusal([] { read(R"({"proxy":{"username":"u"}})"); }) ==
             "config.proxy.url: is required");
  BOOST_TEST(refusal([] { read(R"({"proxy":{"url":"http://p:1","colour":"red"}})"); }) ==
             "config.proxy.colour: is not a known field");
  const std::string https = refusal([] {
    read(std::string(R"({"proxy":{"url":"https://p:3128","username":"u","password":")") +
         kPassword + "\"}}");
  });
  BOOST_TEST(https.starts_with("config.proxy.url: https:// proxies"));
  BOOST_TEST(https.find(kPassword) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_password_is_marked_secret) {
  const json::value schema = json::parse(proxy_config_schema());
  BOOST_TEST(schema.at("properties").at("password").at("x-secret") == true);
  BOOST_TEST(!schema.at("properties").at("url").as_object().contains("x-secret"));
}

BOOST_AUTO_TEST_SUITE_END()
