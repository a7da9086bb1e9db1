#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <connector/sdk.hpp>
#include <connector/sdk/config_reader.hpp>
#include <connector/sdk/http/proxy_config.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "config.hpp"

using namespace ninjaone;
namespace json = boost::json;

namespace {

constexpr const char* kSecret = "s3cr3t-value-never-shown";

std::string with(std::string_view extra_fields) {
  std::string config = R"({"client_id":"id","client_secret":")" + std::string(kSecret) + "\"";
  if (!extra_fields.empty()) config += "," + std::string(extra_fields);
  return config + "}";
}

// The message of the error parse_config throws; fails the test when none is thrown.
std::string refusal(const std::string& config_json) {
  try {
    parse_config(config_json);
  } catch (const connector::sdk::Error& e) {
    BOOST_TEST(e.status() == CONN_INVALID_ARGUMENT);
    BOOST_TEST(std::string(e.what()).find(kSecret) == std::string::npos);
    return e.what();
  }
  BOOST_FAIL("config accepted: " + config_json);
  return {};
}

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.rfind(prefix, 0) == 0;
}

// The schema as the plugin applies it (connector::sdk::ConfigReader, valijson).
class SchemaFixture {
 public:
  bool accepts(const json::value& config) const {
    try {
      connector::sdk::ConfigReader(config_schema(), json::serialize(config));
      return true;
    } catch (const connector::sdk::Error&) {
      return false;
    }
  }
};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  BOOST_REQUIRE_MESSAGE(in, "cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string manifest_path(std::string_view name) {
  const char* dir = std::getenv("NINJAONE_MANIFEST_DIR");
  BOOST_REQUIRE_MESSAGE(dir != nullptr, "NINJAONE_MANIFEST_DIR is not set");
  return std::string(dir) + "/" + std::string(name);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config_parsing)

BOOST_AUTO_TEST_CASE(defaults_to_the_us_region_and_client_credentials) {
  const Config config = parse_config(with(""));
  BOOST_TEST(config.client.base_url == "https://app.ninjarmm.com");
  BOOST_TEST(config.client.token_url == "https://app.ninjarmm.com/ws/oauth/token");
  BOOST_TEST(config.client.client_id == "id");
  BOOST_TEST(config.client.client_secret == kSecret);
  BOOST_TEST(config.client.scope == "monitoring management control");
  BOOST_TEST((config.client.auth == client::AuthFlow::client_credentials));
  BOOST_TEST(config.client.requests_per_minute == 600);
  BOOST_TEST(config.client.max_concurrency == 4);
  BOOST_TEST(config.include_technicians);
  BOOST_TEST(config.include_end_users);
  BOOST_TEST(!config.organization_membership_provisionable);
  BOOST_TEST(config.tenant_key == "app.ninjarmm.com");
}

BOOST_AUTO_TEST_CASE(maps_every_region_to_its_host) {
  const std::pair<const char*, const char*> regions[] = {
      {"us", "https://app.ninjarmm.com"}, {"us2", "https://us2.ninjarmm.com"},
      {"eu", "https://eu.ninjarmm.com"},  {"ca", "https://ca.ninjarmm.com"},
      {"oc", "https://oc.ninjarmm.com"},  {"fed", "https://fed.ninjarmm.com"}};
  for (const auto& [region, url] : regions) {
    const Config config = parse_config(with(R"("region":")" + std::string(region) + "\""));
    BOOST_TEST(config.client.base_url == url);
  }
  BOOST_TEST(
      starts_with(refusal(with(R"("region":"mars")")), "config.region: unknown region 'mars'"));
}

BOOST_AUTO_TEST_CASE(takes_every_field) {
  const Config config = parse_config(with(
      R"("base_url":"https://Example.NinjaRMM.com/","scope":"monitoring","auth":"refresh_token",)"
      R"("refresh_token":"rt-1","token_url":"https://login.example.com/oauth/token",)"
      R"("ca_file":"/etc/ca.pem","timeout":2.5,"requests_per_minute":0,"max_concurrency":8,)"
      R"("user_types":["END_USER"],"organization_membership_provisionable":true)"));
  BOOST_TEST(config.client.base_url == "https://Example.NinjaRMM.com");  // trailing slash dropped
  BOOST_TEST(config.tenant_key == "example.ninjarmm.com");
  BOOST_TEST(config.client.token_url == "https://login.example.com/oauth/token");
  BOOST_TEST(config.client.scope == "monitoring");
  BOOST_TEST((config.client.auth == client::AuthFlow::refresh_token));
  BOOST_TEST(config.client.refresh_token == "rt-1");
  BOOST_TEST(config.client.ca_file == "/etc/ca.pem");
  BOOST_TEST(config.client.request_timeout.count() == 2500);
  BOOST_TEST(config.client.connect_timeout.count() == 2500);
  BOOST_TEST(config.client.requests_per_minute == 0);
  BOOST_TEST(config.client.max_concurrency == 8);
  BOOST_TEST(!config.include_technicians);
  BOOST_TEST(config.include_end_users);
  BOOST_TEST(config.organization_membership_provisionable);
}

BOOST_AUTO_TEST_CASE(refuses_http_unless_allowed) {
  BOOST_TEST(starts_with(refusal(with(R"("base_url":"http://127.0.0.1:8080")")),
                         "config.base_url: http:// sends the client secret in clear text"));
  BOOST_TEST(
      starts_with(refusal(with(R"("token_url":"http://127.0.0.1:8080/t")")), "config.token_url:"));
  const Config config =
      parse_config(with(R"("base_url":"http://127.0.0.1:8080","allow_insecure_http":true)"));
  BOOST_TEST(config.client.allow_insecure_http);
  BOOST_TEST(config.tenant_key == "127.0.0.1");
}

BOOST_AUTO_TEST_CASE(allows_http_to_loopback_hosts_only) {
  for (const char* url : {"http://localhost:8080", "http://[::1]:8080", "http://127.9.9.9"}) {
    const Config config = parse_config(
        with(R"("base_url":")" + std::string(url) + R"(","allow_insecure_http":true)"));
    BOOST_TEST(config.client.allow_insecure_http, url);
  }
  const std::string remote_api =
      refusal(with(R"("base_url":"http://0.0.0.0:8080","allow_insecure_http":true)"));
  BOOST_TEST(starts_with(remote_api, "config.base_url: http:// is allowed"), remote_api);
  BOOST_TEST(remote_api.find("loopback") != std::string::npos, remote_api);
  const std::string remote_token = refusal(
      with(R"("base_url":"https://app.ninjarmm.com","token_url":"http://0.0.0.0/ws/oauth/token",)"
           R"("allow_insecure_http":true)"));
  BOOST_TEST(starts_with(remote_token, "config.token_url: http:// is allowed"), remote_token);
}

BOOST_AUTO_TEST_CASE(refuses_a_clear_text_token_url_beside_an_https_api) {
  const std::string downgrade =
      refusal(with(R"("base_url":"https://127.0.0.1:8443","token_url":"http://127.0.0.1:8080/t",)"
                   R"("allow_insecure_http":true)"));
  BOOST_TEST(starts_with(downgrade, "config.token_url: is http:// while base_url is https://"),
             downgrade);
  const Config both_clear = parse_config(
      with(R"("base_url":"http://127.0.0.1:8080","token_url":"http://127.0.0.1:8080/t",)"
           R"("allow_insecure_http":true)"));
  BOOST_TEST(both_clear.client.token_url == "http://127.0.0.1:8080/t");
}

BOOST_AUTO_TEST_CASE(refuses_what_the_schema_cannot_say_or_a_host_skipped) {
  BOOST_TEST(starts_with(refusal(with(R"("base_url":"https://a.example","region":"eu")")),
                         "config.base_url: give base_url or region"));
  BOOST_TEST(starts_with(refusal(with(R"("base_url":"ftp://a.example")")), "config.base_url:"));
  BOOST_TEST(
      starts_with(refusal(with(R"("auth":"refresh_token")")), "config.refresh_token: is required"));
  BOOST_TEST(starts_with(refusal(with(R"("auth":"password")")), "config.auth:"));
  BOOST_TEST(starts_with(refusal(with(R"("timeout":0)")), "config.timeout:"));
  BOOST_TEST(starts_with(refusal(with(R"("max_concurrency":0)")), "config.max_concurrency:"));
  BOOST_TEST(starts_with(refusal(with(R"("user_types":["ADMIN"])")), "config.user_types:"));
  BOOST_TEST(starts_with(refusal(with(R"("clientsecret":"x")")),
                         "config.clientsecret: is not a known field"));
  BOOST_TEST(starts_with(refusal(R"({"client_id":"id"})"), "config.client_secret: is required"));
  BOOST_TEST(starts_with(refusal(R"({"client_id":"id","client_secret":{"env":"X"}})"),
                         "config.client_secret: the secret reference was not resolved"));
  BOOST_TEST(starts_with(refusal("[1]"), "config: must be a JSON object"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(config_schema_document)

BOOST_AUTO_TEST_CASE(documents_every_field_and_marks_secrets) {
  // The schema is the only list of fields: parse_config reads each through it, so a
  // field it reads that the schema lacks is refused ("is not a known field") and one
  // without a default is "required" (see defaults_to_the_us_region_...).
  const json::value schema = json::parse(config_schema());
  const json::object& properties = schema.at("properties").as_object();
  for (const auto& field : properties) {
    BOOST_TEST(field.value().as_object().contains("description"), field.key());
  }
  BOOST_TEST(properties.at("client_secret").at("x-secret") == true);
  BOOST_TEST(properties.at("refresh_token").at("x-secret") == true);
  BOOST_TEST(!properties.at("client_id").as_object().contains("x-secret"));
}

BOOST_AUTO_TEST_CASE(proxy_is_the_sdks_field_as_the_sdk_describes_it) {
  // The SDK reads "proxy" (read_proxy_config); its schema is the SDK's, not a variant.
  const json::value schema = json::parse(config_schema());
  BOOST_TEST(schema.at("properties").at("proxy") ==
             json::parse(connector::sdk::http::proxy_config_schema()));
}

BOOST_AUTO_TEST_CASE(reads_the_proxy_field) {
  using connector::sdk::http::ProxyOptions;
  BOOST_TEST((parse_config(with("")).client.proxy.source == ProxyOptions::Source::environment));
  BOOST_TEST(
      (parse_config(with(R"("proxy":"none")")).client.proxy.source == ProxyOptions::Source::none));
  const Config own = parse_config(
      with(R"("proxy":{"url":"http://proxy.corp:3128","username":"svc","password":"pw"})"));
  BOOST_TEST((own.client.proxy.source == ProxyOptions::Source::url));
  BOOST_TEST(own.client.proxy.url == "http://proxy.corp:3128");
  BOOST_TEST(own.client.proxy.username == "svc");
  BOOST_TEST(own.client.proxy.password == "pw");
  BOOST_TEST(starts_with(refusal(with(R"("proxy":{"url":"https://proxy.corp:3128"})")),
                         "config.proxy.url: https:// proxies (TLS to the proxy itself) are not "
                         "supported"));
  BOOST_TEST(starts_with(refusal(with(R"("proxy":"direct")")), "config.proxy: "));
}

BOOST_FIXTURE_TEST_CASE(accepts_good_configs_and_refuses_bad_ones, SchemaFixture) {
  BOOST_TEST(accepts(json::parse(R"({"client_id":"a","client_secret":"b"})")));
  BOOST_TEST(
      accepts(json::parse(R"({"region":"eu","client_id":"a","client_secret":{"env":"S"}})")));
  BOOST_TEST(accepts(json::parse(
      R"({"client_id":"a","client_secret":"b","auth":"refresh_token","refresh_token":{"file":"/r"}})")));
  BOOST_TEST(!accepts(json::parse(R"({"client_id":"a"})")));
  BOOST_TEST(
      !accepts(json::parse(R"({"client_id":"a","client_secret":"b","auth":"refresh_token"})")));
  BOOST_TEST(!accepts(json::parse(R"({"client_id":"a","client_secret":"b","region":"mars"})")));
  BOOST_TEST(!accepts(json::parse(
      R"({"client_id":"a","client_secret":"b","region":"eu","base_url":"https://x"})")));
  BOOST_TEST(!accepts(
      json::parse(R"({"client_id":"a","client_secret":"b","base_url":"app.ninjarmm.com"})")));
  BOOST_TEST(!accepts(json::parse(R"({"client_id":"a","client_secret":"b","user_types":[]})")));
  BOOST_TEST(!accepts(json::parse(R"({"client_id":"a","client_secret":"b","colour":"red"})")));
  BOOST_TEST(!accepts(json::parse(R"({"client_id":"a","client_secret":"b","timeout":0})")));
}

BOOST_FIXTURE_TEST_CASE(the_shipped_manifests_fit_the_schema, SchemaFixture) {
  for (const char* name : {"ninjaone-demo.json", "ninjaone-prod.json"}) {
    // The demo script substitutes the simulator's URL and CA before use.
    std::string text = read_file(manifest_path(name));
    for (const auto& [placeholder, value] :
         {std::pair{std::string("${SIM_URL}"), std::string("https://127.0.0.1:8443")},
          std::pair{std::string("${SIM_CA}"), std::string("/tmp/ca.pem")}}) {
      for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder)) {
        text.replace(at, placeholder.size(), value);
      }
    }
    const json::value manifest = json::parse(text);
    BOOST_TEST(manifest.at("plugin") == "ninjaone", name);
    BOOST_TEST(accepts(manifest.at("config")), name);
  }
}

BOOST_AUTO_TEST_SUITE_END()
