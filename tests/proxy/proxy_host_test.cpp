// connector-host and the NinjaOne plugin through a real HTTP proxy (tinyproxy) in
// front of the simulator over HTTPS, set the ways an operator sets it: HTTPS_PROXY in
// the environment, or the manifest's config.proxy with Basic credentials from an
// {"env": ...} reference. validate says which way requests go; a full sync and a
// grant/revoke run through the proxy, whose log shows the CONNECTs; NO_PROXY and
// "proxy": "none" go direct; a 407, a proxy that is down and an https:// proxy URL
// each give one line naming the proxy; no secret appears anywhere.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "support/host_rig.hpp"
#include "support/tinyproxy.hpp"

using test_support::HostRig;
using test_support::ProcessResult;
using test_support::Tinyproxy;
namespace json = boost::json;

namespace {

constexpr const char* kClientSecret = "proxy-suite-S3cret-77c1";
constexpr const char* kProxyPassword = "tiny-Pr0xy-pass-9e2";
constexpr const char* kConnector = "ninja-proxied";

const std::vector<std::string> kTenant{"--seed",  "5", "--technicians",   "4", "--end-users", "4",
                                       "--roles", "2", "--organizations", "2"};

std::vector<json::object> lines_of(const std::string& out) {
  std::vector<json::object> items;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) items.push_back(json::parse(line).as_object());
  }
  return items;
}

std::string text(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// Every byte under `dir` (the store, logs): secrets must not be in any of it.
std::string everything_under(const std::filesystem::path& dir) {
  std::string all;
  if (!std::filesystem::exists(dir)) return all;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return all;
}

// The rig, its proxy manifest, and checks that no secret is printed or stored.
class ProxiedHost {
 public:
  explicit ProxiedHost(const json::object& config = {}) : rig_(kTenant, kClientSecret) {
    rig_.write_manifest("proxied.json", kConnector, true, config);
  }

  const HostRig& rig() const { return rig_; }

  ProcessResult host(const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& environment = {}) const {
    std::map<std::string, std::string> variables = environment;
    variables["PROXY_PASSWORD"] = kProxyPassword;
    ProcessResult result = rig_.host(args, {}, variables);
    for (const char* secret : {kClientSecret, kProxyPassword}) {
      BOOST_TEST(!contains(result.out, secret));
      BOOST_TEST(!contains(result.err, secret));
    }
    return result;
  }

  // The "network" check of `validate`.
  std::string route(const ProcessResult& validate) const {
    for (const auto& item : lines_of(validate.out)) {
      if (text(item, "check") == "network") return text(item, "message");
    }
    return "(no network check)";
  }

  std::string connect_line() const {
    return "CONNECT 127.0.0.1:" + std::to_string(rig_.sim().port()) + " HTTP/1.1";
  }

  void expect_nothing_stored_secret() const {
    const std::string stored = everything_under(rig_.state());
    BOOST_TEST(!contains(stored, kClientSecret));
    BOOST_TEST(!contains(stored, kProxyPassword));
  }

 private:
  HostRig rig_;
};

std::size_t count(const std::vector<std::string>& lines, const std::string& line) {
  return static_cast<std::size_t>(std::count(lines.begin(), lines.end(), line));
}

json::object own_proxy(const Tinyproxy& proxy) {
  return {{"proxy",
           {{"url", proxy.url()},
            {"username", "svc-connector"},
            {"password", {{"env", "PROXY_PASSWORD"}}}}}};
}

// One role of the tenant, a member of it and a user who is not.
struct RoleCase {
  std::int64_t role = 0;
  std::int64_t outsider = 0;
};

RoleCase technician_role(const HostRig& rig) {
  const json::object tenant = rig.sim().state();
  RoleCase out;
  std::vector<std::int64_t> members;
  for (const auto& role : tenant.at("roles").as_array()) {
    if (role.at("type").as_string() != "TECHNICIAN") continue;
    out.role = role.at("id").to_number<std::int64_t>();
    for (const auto& member : role.at("members").as_array())
      members.push_back(member.at("id").to_number<std::int64_t>());
    break;
  }
  for (const auto& user : tenant.at("technicians").as_array()) {
    const auto id = user.at("id").to_number<std::int64_t>();
    if (std::find(members.begin(), members.end(), id) == members.end()) {
      out.outsider = id;
      break;
    }
  }
  BOOST_REQUIRE(out.role != 0 && out.outsider != 0);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(proxy_host)

BOOST_AUTO_TEST_CASE(https_proxy_from_the_environment_carries_validate_sync_grant_and_revoke) {
  ProxiedHost fixture;
  Tinyproxy proxy;
  const std::map<std::string, std::string> env{{"HTTPS_PROXY", proxy.url()}};

  const ProcessResult validate = fixture.host({"validate", kConnector}, env);
  BOOST_TEST_REQUIRE(validate.exit_code == 0, validate.err);
  BOOST_TEST(fixture.route(validate) == "via proxy " + proxy.url() + " (HTTPS_PROXY)");

  const ProcessResult sync = fixture.host({"sync", kConnector}, env);
  BOOST_TEST_REQUIRE(sync.exit_code == 0, sync.err);
  const auto runs = lines_of(sync.out);
  BOOST_TEST_REQUIRE(runs.size() == 1u);
  BOOST_TEST(runs[0].at("resources").to_number<std::int64_t>() >= 8);  // 8 users and more
  BOOST_TEST(runs[0].at("grants").to_number<std::int64_t>() > 0);

  const RoleCase role = technician_role(fixture.rig());
  const std::string entitlement = "role:" + std::to_string(role.role) + ":member";
  const std::string principal = "user:" + std::to_string(role.outsider);
  const ProcessResult grant = fixture.host(
      {"grant", kConnector, "--entitlement", entitlement, "--principal", principal}, env);
  BOOST_TEST_REQUIRE(grant.exit_code == 0, grant.err);
  BOOST_TEST(text(lines_of(grant.out).at(0), "status") == "granted");
  const ProcessResult revoke = fixture.host(
      {"revoke", kConnector, "--entitlement", entitlement, "--principal", principal}, env);
  BOOST_TEST_REQUIRE(revoke.exit_code == 0, revoke.err);
  BOOST_TEST(text(lines_of(revoke.out).at(0), "status") == "revoked");

  // The writes reached the simulator, and every command went through the proxy: one
  // tunnel each at least (validate, sync, grant, revoke), and nothing else.
  const std::string base = "/v2/user/role/" + std::to_string(role.role);
  BOOST_TEST(fixture.rig().sim().count(base + "/add-members", "200") == 1u);
  BOOST_TEST(fixture.rig().sim().count(base + "/remove-members", "200") == 1u);
  const auto requests = proxy.requests();
  BOOST_TEST(count(requests, fixture.connect_line()) >= 4u);
  BOOST_TEST(count(requests, fixture.connect_line()) == requests.size());
  fixture.expect_nothing_stored_secret();
}

BOOST_AUTO_TEST_CASE(the_manifests_proxy_with_basic_credentials_from_an_env_reference) {
  Tinyproxy proxy({.user = "svc-connector", .password = kProxyPassword});
  ProxiedHost fixture(own_proxy(proxy));
  // The manifest's proxy wins over the environment's, which points nowhere.
  const std::map<std::string, std::string> env{{"HTTPS_PROXY", "http://127.0.0.1:1"}};

  const ProcessResult validate = fixture.host({"validate", kConnector}, env);
  BOOST_TEST_REQUIRE(validate.exit_code == 0, validate.err);
  BOOST_TEST(fixture.route(validate) == "via proxy " + proxy.url() + " (config.proxy)");
  const ProcessResult users = fixture.host({"resources", kConnector, "--type", "user"}, env);
  BOOST_TEST_REQUIRE(users.exit_code == 0, users.err);
  BOOST_TEST(lines_of(users.out).size() == 8u);
  BOOST_TEST(count(proxy.requests(), fixture.connect_line()) >= 2u);
  BOOST_TEST(!contains(proxy.log(), kProxyPassword));
  fixture.expect_nothing_stored_secret();
}

BOOST_AUTO_TEST_CASE(without_credentials_the_407_is_one_line_naming_the_proxy) {
  Tinyproxy proxy({.user = "svc-connector", .password = kProxyPassword});
  ProxiedHost fixture;
  const ProcessResult users =
      fixture.host({"resources", kConnector, "--type", "user"}, {{"HTTPS_PROXY", proxy.url()}});
  BOOST_TEST(users.exit_code != 0);
  BOOST_TEST(contains(users.err, "the proxy " + proxy.url() +
                                     " answered 407 Proxy Authentication Required: proxy "
                                     "credentials are missing"),
             users.err);
  // Not retried: one CONNECT.
  BOOST_TEST(count(proxy.requests(), fixture.connect_line()) == 1u);
  BOOST_TEST(fixture.rig().sim().count("/ws/oauth/token", "200") == 0u);

  const ProcessResult validate =
      fixture.host({"validate", kConnector}, {{"HTTPS_PROXY", proxy.url()}});
  BOOST_TEST(validate.exit_code != 0);
  // The route is printed, then the credentials check that the proxy stopped.
  BOOST_TEST(fixture.route(validate) == "via proxy " + proxy.url() + " (HTTPS_PROXY)");
  bool credentials_failed = false;
  for (const auto& item : lines_of(validate.out)) {
    if (text(item, "check") == "credentials") credentials_failed = item.at("ok") == false;
  }
  BOOST_TEST(credentials_failed);
  BOOST_TEST(contains(validate.err, "407 Proxy Authentication Required"));
}

BOOST_AUTO_TEST_CASE(a_proxy_that_is_down_is_named) {
  ProxiedHost fixture;
  Tinyproxy proxy;
  const std::string url = proxy.url();
  proxy.stop();
  const ProcessResult users =
      fixture.host({"resources", kConnector, "--type", "user"}, {{"https_proxy", url}});
  BOOST_TEST(users.exit_code != 0);
  BOOST_TEST(contains(users.err, "connecting to the proxy " + url + " failed"), users.err);
  BOOST_TEST(fixture.rig().sim().count("/ws/oauth/token", "200") == 0u);
}

BOOST_AUTO_TEST_CASE(no_proxy_and_proxy_none_go_direct) {
  ProxiedHost fixture;
  Tinyproxy proxy;
  const ProcessResult bypass =
      fixture.host({"validate", kConnector},
                   {{"HTTPS_PROXY", proxy.url()}, {"NO_PROXY", "localhost,127.0.0.1"}});
  BOOST_TEST_REQUIRE(bypass.exit_code == 0, bypass.err);
  BOOST_TEST(fixture.route(bypass) == "direct (NO_PROXY)");

  ProxiedHost none({{"proxy", "none"}});
  const ProcessResult direct = none.host({"validate", kConnector}, {{"HTTPS_PROXY", proxy.url()}});
  BOOST_TEST_REQUIRE(direct.exit_code == 0, direct.err);
  BOOST_TEST(none.route(direct) == "direct (config.proxy is \"none\")");

  const ProcessResult plain = fixture.host({"validate", kConnector});
  BOOST_TEST(fixture.route(plain) == "direct");
  BOOST_TEST(proxy.requests().empty());
}

BOOST_AUTO_TEST_CASE(an_https_proxy_url_is_refused_before_any_request) {
  Tinyproxy proxy;
  json::object config{{"proxy",
                       {{"url", "https://svc-connector:" + std::string(kProxyPassword) + "@" +
                                    proxy.url().substr(7)}}}};
  ProxiedHost fixture(config);
  const ProcessResult validate = fixture.host({"validate", kConnector});
  BOOST_TEST(validate.exit_code != 0);
  BOOST_TEST(contains(validate.err,
                      "config.proxy.url: https:// proxies (TLS to the proxy itself) are not "
                      "supported"),
             validate.err);
  ProxiedHost plain;
  const ProcessResult from_environment =
      plain.host({"validate", kConnector}, {{"HTTPS_PROXY", "https://" + proxy.url().substr(7)}});
  BOOST_TEST(from_environment.exit_code != 0);
  BOOST_TEST(contains(from_environment.err,
                      "HTTPS_PROXY: https:// proxies (TLS to the proxy itself) are not supported"),
             from_environment.err);
  BOOST_TEST(plain.rig().sim().count("/ws/oauth/token", "200") == 0u);
  BOOST_TEST(proxy.requests().empty());
  BOOST_TEST(fixture.rig().sim().count("/ws/oauth/token", "200") == 0u);
}

BOOST_AUTO_TEST_CASE(describe_shows_the_proxy_fields_and_the_password_as_secret) {
  ProxiedHost fixture;
  const ProcessResult describe = fixture.host({"describe", "ninjaone"});
  BOOST_TEST_REQUIRE(describe.exit_code == 0, describe.err);
  const auto items = lines_of(describe.out);
  BOOST_TEST_REQUIRE(items.size() == 1u);
  std::map<std::string, bool> secret_by_field;
  for (const auto& field : items[0].at("config_fields").as_array()) {
    const std::string name = text(field.as_object(), "field");
    if (name.starts_with("proxy")) secret_by_field[name] = field.at("secret").as_bool();
  }
  const std::map<std::string, bool> expected{
      {"proxy", false}, {"proxy.url", false}, {"proxy.username", false}, {"proxy.password", true}};
  BOOST_TEST((secret_by_field == expected));
}

BOOST_AUTO_TEST_SUITE_END()
