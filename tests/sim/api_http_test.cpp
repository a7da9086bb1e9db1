#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "http_client.hpp"
#include "support/simulator.hpp"
#include "support/temp_dir.hpp"

using namespace sim_test;
using test_support::Simulator;
using test_support::TempDir;
namespace json = boost::json;

namespace {

json::value read_json_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

// The dumped fixture: the data the simulator serves for these generator flags.
json::value dump_fixture(const std::vector<std::string>& flags, const TempDir& dir) {
  auto args = flags;
  args.push_back("--dump-fixture");
  args.push_back((dir / "fixture.json").string());
  BOOST_REQUIRE(test_support::run_simulator(args) == 0);
  return read_json_file(dir / "fixture.json");
}

std::set<std::int64_t> ids_of(const json::value& list) {
  std::set<std::int64_t> ids;
  for (const auto& v : list.as_array()) ids.insert(v.at("id").as_int64());
  return ids;
}

const json::object& find_by_id(const json::value& list, std::int64_t id) {
  for (const auto& v : list.as_array()) {
    if (v.at("id").as_int64() == id) return v.as_object();
  }
  throw std::runtime_error("id not found: " + std::to_string(id));
}

void check_app_error(const Response& r, unsigned status) {
  BOOST_TEST(r.status == status);
  const auto body = r.json();
  BOOST_TEST(body.as_object().contains("resultCode"));
  BOOST_TEST(body.as_object().contains("errorMessage"));
  BOOST_TEST(body.as_object().contains("incidentId"));
}

void check_auth_error(const Response& r, unsigned status, std::string_view error) {
  BOOST_TEST(r.status == status);
  const auto body = r.json();
  BOOST_TEST(body.at("error").as_string() == error);
  BOOST_TEST(body.as_object().contains("error_description"));
  BOOST_TEST(body.at("error_code").is_int64());
}

// VmHWM of a process (Linux): its peak resident memory so far.
long peak_resident_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmHWM:")) return std::stol(line.substr(6));
  }
  throw std::runtime_error("no VmHWM for pid " + std::to_string(pid));
}

// Every organization id, read page by page (keyset: after = the last id) until an
// EMPTY page, as API-NOTES.md says a client must; `sizes` gets each page's length.
std::vector<std::int64_t> every_organization_id(HttpClient& c, int page_size,
                                                std::vector<std::size_t>* sizes) {
  std::vector<std::int64_t> ids;
  std::string after;
  for (int page = 0; page < 100; ++page) {
    const auto r = c.get("/v2/organizations?pageSize=" + std::to_string(page_size) + after).json();
    sizes->push_back(r.as_array().size());
    if (r.as_array().empty()) break;
    for (const auto& o : r.as_array()) ids.push_back(o.at("id").as_int64());
    after = "&after=" + std::to_string(ids.back());
  }
  return ids;
}

const std::vector<std::string> kSmallTenant = {"--seed",          "11", "--technicians", "8",
                                               "--end-users",     "20", "--roles",       "4",
                                               "--organizations", "5"};

}  // namespace

BOOST_AUTO_TEST_SUITE(sim_http_api)

BOOST_AUTO_TEST_CASE(reads_serve_the_generated_tenant) {
  TempDir dir;
  const auto fixture = dump_fixture(kSmallTenant, dir);
  Simulator sim(kSmallTenant, kPlain);
  HttpClient c(sim.port());
  c.login("monitoring");

  auto techs = c.get("/v2/user/technicians");
  BOOST_TEST(techs.status == 200u);
  BOOST_TEST(techs.json() == fixture.at("technicians"));
  auto end_users = c.get("/api/v2/user/end-users");  // the /api prefix works too
  BOOST_TEST(end_users.json() == fixture.at("end_users"));
  auto roles = c.get("/v2/user/roles");
  BOOST_TEST(roles.json() == fixture.at("roles"));

  auto all = c.get("/v2/users").json();
  BOOST_TEST(all.as_array().size() == fixture.at("technicians").as_array().size() +
                                          fixture.at("end_users").as_array().size());
  auto only_end = c.get("/v2/users?userType=END_USER").json();
  BOOST_TEST(ids_of(only_end) == ids_of(fixture.at("end_users")));
  for (const auto& u : only_end.as_array()) BOOST_TEST(u.at("userType").as_string() == "END_USER");

  // includeRoles=true lists role NAMES.
  auto with_roles = c.get("/v2/users?includeRoles=true").json();
  const auto& role = fixture.at("roles").as_array().at(0);
  const auto member = role.at("members").as_array().at(0).at("id").as_int64();
  const auto& names = find_by_id(with_roles, member).at("roles").as_array();
  BOOST_TEST((std::find(names.begin(), names.end(), role.at("name")) != names.end()));
  BOOST_TEST(!c.get("/v2/users").json().as_array().at(0).as_object().contains("roles"));

  auto tech_roles = c.get("/v2/user/roles?roleType=TECHNICIAN").json();
  for (const auto& r : tech_roles.as_array()) BOOST_TEST(r.at("type").as_string() == "TECHNICIAN");

  const auto tech_id = fixture.at("technicians").as_array().at(1).at("id").as_int64();
  auto one = c.get("/v2/user/technician/" + std::to_string(tech_id));
  BOOST_TEST(one.json() == fixture.at("technicians").as_array().at(1));
  check_app_error(c.get("/v2/user/end-user/" + std::to_string(tech_id)), 400);  // wrong type
  check_app_error(c.get("/v2/user/technician/77"), 404);
  check_app_error(c.get("/v2/users?userType=ROBOT"), 400);

  auto statuses = c.get("/v2/ticketing/statuses").json();
  BOOST_TEST(statuses.as_array().size() == 6u);
  BOOST_TEST(statuses.at(4).at("name").as_string() == "RESOLVED");
  BOOST_TEST(statuses.at(4).at("statusId").as_int64() == 5000);
  auto forms = c.get("/v2/ticketing/ticket-form").json();
  BOOST_TEST(forms.at(0).at("id").as_int64() == 1);
  BOOST_TEST(c.get("/v2/ticketing/ticket-form/1").json().at("id").as_int64() == 1);
}

BOOST_AUTO_TEST_CASE(organizations_page_by_keyset) {
  Simulator sim({"--organizations", "7", "--end-users", "14"}, kPlain);
  HttpClient c(sim.port());
  c.login("monitoring");
  auto all = c.get("/v2/organizations").json();
  BOOST_REQUIRE(all.as_array().size() == 7u);
  std::vector<std::int64_t> expected;
  for (const auto& o : all.as_array()) expected.push_back(o.at("id").as_int64());
  std::vector<std::size_t> sizes;
  BOOST_TEST(every_organization_id(c, 3, &sizes) == expected);
  BOOST_TEST(sizes == (std::vector<std::size_t>{3, 3, 1, 0}));
  check_app_error(c.get("/v2/organizations?pageSize=0"), 400);
  check_app_error(c.get("/v2/organizations?after=x"), 400);
  auto filtered = c.get("/v2/organizations?of=acme").json();
  BOOST_REQUIRE(filtered.as_array().size() == 1u);
  BOOST_TEST(filtered.at(0).at("name").as_string() == "Acme Corp");

  const auto org = expected.at(1);
  auto detailed = c.get("/v2/organization/" + std::to_string(org)).json();
  BOOST_TEST(detailed.at("id").as_int64() == org);
  BOOST_TEST(detailed.at("locations").is_array());
  check_app_error(c.get("/v2/organization/1"), 404);
  auto members = c.get("/v2/organization/" + std::to_string(org) + "/end-users").json();
  BOOST_TEST(members.as_array().size() == 2u);  // 14 end users round-robin over 7 orgs
  for (const auto& u : members.as_array()) BOOST_TEST(u.at("organizationId").as_int64() == org);
}

BOOST_AUTO_TEST_CASE(max_page_size_caps_every_page_whatever_pagesize_asks) {
  Simulator sim({"--organizations", "7", "--max-page-size", "2"}, kPlain);
  HttpClient c(sim.port());
  c.login("monitoring");
  const auto state = c.get("/_sim/state").json();
  std::vector<std::int64_t> expected;
  for (const auto& o : state.at("organizations").as_array()) {
    expected.push_back(o.at("id").as_int64());
  }
  BOOST_REQUIRE(expected.size() == 7u);
  BOOST_TEST(c.get("/v2/organizations").json().as_array().size() == 2u);  // no pageSize: the cap
  for (const int asked : {1, 2, 3, 1000}) {
    std::vector<std::size_t> sizes;
    BOOST_TEST(every_organization_id(c, asked, &sizes) == expected, "pageSize=" << asked);
    const std::size_t per_page = std::min<std::size_t>(asked, 2);
    std::vector<std::size_t> wanted;
    for (std::size_t left = 7; left > 0; left -= std::min(left, per_page)) {
      wanted.push_back(std::min(left, per_page));
    }
    wanted.push_back(0);
    BOOST_TEST(sizes == wanted, boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(max_page_size_must_be_positive) {
  TempDir dir;
  const std::string fixture = (dir / "fixture.json").string();
  BOOST_TEST(test_support::run_simulator({"--max-page-size", "1", "--dump-fixture", fixture}) == 0);
  for (const std::string bad : {"0", "-3", "many"}) {
    BOOST_TEST(
        test_support::run_simulator({"--max-page-size", bad, "--dump-fixture", fixture}) == 2, bad);
  }
}

BOOST_AUTO_TEST_CASE(writes_change_what_later_reads_return) {
  Simulator sim(kSmallTenant, kPlain);
  HttpClient c(sim.port());
  c.login();
  auto state = c.get("/_sim/state").json();
  const auto& role = state.at("roles").as_array().at(0).as_object();  // a technician role
  const auto role_path = "/v2/user/role/" + std::to_string(role.at("id").as_int64());
  // A technician outside the role, so adding really changes it.
  std::int64_t tech = 0;
  const auto initial_members = ids_of(role.at("members"));
  for (const auto& t : state.at("technicians").as_array()) {
    if (!initial_members.contains(t.at("id").as_int64())) tech = t.at("id").as_int64();
  }
  BOOST_REQUIRE(tech != 0);
  const auto end_user = state.at("end_users").as_array().at(0).at("id").as_int64();

  auto members_now = [&] {
    return ids_of(
        find_by_id(c.get("/v2/user/roles").json(), role.at("id").as_int64()).at("members"));
  };
  BOOST_TEST(!members_now().contains(tech));  // also primes the response cache
  auto added = c.patch_json(role_path + "/add-members", "[" + std::to_string(tech) + "]");
  BOOST_TEST(added.status == 200u);
  BOOST_TEST(ids_of(added.json().at("members")).contains(tech));
  BOOST_TEST(members_now().contains(tech));
  auto removed = c.patch_json(role_path + "/remove-members", "[" + std::to_string(tech) + "]");
  BOOST_TEST(!ids_of(removed.json().at("members")).contains(tech));
  BOOST_TEST(!members_now().contains(tech));  // a write invalidates cached answers
  check_app_error(c.patch_json(role_path + "/add-members", "{\"userIds\":[1]}"), 400);
  check_app_error(c.patch_json(role_path + "/add-members", "[\"101\"]"), 400);
  check_app_error(c.patch_json(role_path + "/add-members", "not json"), 400);
  check_app_error(c.patch_json(role_path + "/add-members", "[" + std::to_string(end_user) + "]"),
                  400);
  check_app_error(c.patch_json(role_path + "/add-members", "[99]"), 404);
  check_app_error(c.patch_json("/v2/user/role/999999/add-members", "[]"), 404);
  check_app_error(c.send(http::verb::put, role_path + "/add-members", "[]"), 405);

  auto created = c.post_json(
      "/v2/user/technicians",
      R"({"firstName":"New","lastName":"Tech \"Q\"","email":"nt@example.com","phone":"1"})");
  BOOST_TEST(created.status == 200u);
  const auto new_id = created.json().at("id").as_int64();
  BOOST_TEST(created.json().at("lastName").as_string() == "Tech \"Q\"");
  auto patched =
      c.patch_json("/v2/user/technician/" + std::to_string(new_id), R"({"firstName":"Renamed"})");
  BOOST_TEST(patched.json().at("firstName").as_string() == "Renamed");
  BOOST_TEST(c.get("/v2/user/technician/" + std::to_string(new_id)).json().at("firstName") ==
             "Renamed");
  check_app_error(c.post_json("/v2/user/technicians", R"({"firstName":"x"})"), 400);
  auto deleted = c.del("/v2/user/technician/" + std::to_string(new_id));
  BOOST_TEST(deleted.status == 204u);
  BOOST_TEST(deleted.body.empty());
  check_app_error(c.get("/v2/user/technician/" + std::to_string(new_id)), 404);

  const auto org = state.at("organizations").as_array().at(2).at("id").as_int64();
  const auto other_org = state.at("organizations").as_array().at(3).at("id").as_int64();
  auto eu =
      c.post_json("/v2/user/end-users?sendInvitation=false",
                  R"({"firstName":"E","lastName":"U","email":"eu@example.com","organizationId":)" +
                      std::to_string(org) + R"(,"fullPortalAccess":true})");
  BOOST_TEST(eu.status == 200u);
  const auto eu_id = eu.json().at("id").as_int64();
  BOOST_TEST(eu.json().at("organizationId").as_int64() == org);
  auto moved = c.patch_json("/v2/user/end-user/" + std::to_string(eu_id),
                            R"({"organizationId":)" + std::to_string(other_org) + "}");
  BOOST_TEST(moved.json().at("organizationId").as_int64() == other_org);
  BOOST_TEST(ids_of(c.get("/v2/organization/" + std::to_string(other_org) + "/end-users").json())
                 .contains(eu_id));
  check_app_error(
      c.post_json("/v2/user/end-users",
                  R"({"firstName":"E","lastName":"U","email":"x@y","organizationId":1})"),
      400);
  BOOST_TEST(c.del("/v2/user/end-user/" + std::to_string(eu_id)).status == 204u);
  check_app_error(c.del("/v2/user/end-user/" + std::to_string(eu_id)), 404);
}

BOOST_AUTO_TEST_CASE(tickets_are_created_read_and_moved) {
  Simulator sim(kSmallTenant, kPlain);
  HttpClient c(sim.port());
  c.login();
  const auto org = c.get("/_sim/state").json().at("organizations").at(0).at("id").as_int64();
  const auto body =
      R"({"clientId":)" + std::to_string(org) +
      R"(,"ticketFormId":1,"subject":"Grant role","status":"1000","type":"SERVICE_REQUEST",
      "description":{"public":false,"body":"please add user:101 to role:1"},"tags":["idm"]})";
  auto created = c.post_json("/v2/ticketing/ticket", body);
  BOOST_REQUIRE(created.status == 200u);
  const auto id = created.json().at("id").as_int64();
  BOOST_TEST(created.json().at("status").at("name").as_string() == "NEW");
  BOOST_TEST(created.json().at("tags").at(0).as_string() == "idm");

  auto moved =
      c.post_json("/_sim/tickets/" + std::to_string(id) + "/status", R"({"status":"RESOLVED"})");
  BOOST_TEST(moved.status == 200u);
  auto read = c.get("/v2/ticketing/ticket/" + std::to_string(id)).json();
  BOOST_TEST(read.at("status").at("name").as_string() == "RESOLVED");
  BOOST_TEST(read.at("status").at("statusId").as_int64() == 5000);
  auto state = c.get("/_sim/state").json();
  BOOST_TEST(state.at("tickets").at(0).at("description").at("body").as_string() ==
             "please add user:101 to role:1");

  check_app_error(
      c.post_json("/v2/ticketing/ticket", R"({"clientId":2,"subject":"x","status":"1000"})"), 400);
  check_app_error(
      c.post_json("/v2/ticketing/ticket", R"({"clientId":)" + std::to_string(org) +
                                              R"(,"ticketFormId":1,"subject":")" +
                                              std::string(201, 'x') + R"(","status":"1000"})"),
      400);
  check_app_error(c.get("/v2/ticketing/ticket/424242"), 404);
  check_app_error(c.post_json("/_sim/tickets/424242/status", R"({"status":"RESOLVED"})"), 404);
  check_app_error(
      c.post_json("/_sim/tickets/" + std::to_string(id) + "/status", R"({"status":"NOPE"})"), 400);
}

BOOST_AUTO_TEST_CASE(auth_layer_errors_have_their_shapes) {
  Simulator sim({"--scopes", "monitoring management control", "--tickets-need-user-context"},
                kPlain);
  HttpClient c(sim.port());
  check_auth_error(c.get("/v2/users"), 401, "not_authenticated");
  c.bearer = "made-up";
  check_auth_error(c.get("/v2/users"), 401, "not_authenticated");
  check_auth_error(
      c.post_form("/ws/oauth/token",
                  "grant_type=client_credentials&client_id=sim-client&client_secret=no"),
      401, "invalid_client");
  check_auth_error(
      c.post_form("/oauth/token",
                  "grant_type=client_credentials&client_id=sim-client&client_secret=sim-"
                  "secret&scope=monitoring+offline_access"),
      400, "invalid_scope");
  c.login("monitoring");
  check_auth_error(c.patch_json("/v2/user/role/1/add-members", "[]"), 403, "insufficient_scope");
  check_auth_error(c.post_json("/v2/user/technicians", "{}"), 403, "insufficient_scope");
  c.login("monitoring management");
  check_auth_error(c.patch_json("/v2/user/role/1/add-members", "[]"), 403, "insufficient_scope");
  auto ticket = c.post_json("/v2/ticketing/ticket", "{}");
  check_auth_error(ticket, 403, "user_context_required");
  BOOST_TEST(ticket.json().at("error_code").as_int64() == 5);

  // Revocation invalidates every access token at once.
  BOOST_TEST(c.get("/v2/users").status == 200u);
  auto revoked = c.post_json("/_sim/revoke-tokens", "{}");
  BOOST_TEST(revoked.json().at("revoked").as_int64() >= 1);
  check_auth_error(c.get("/v2/users"), 401, "not_authenticated");

  // The refresh-token grant rotates; the old token stops working.
  auto refreshed = c.post_form("/ws/oauth/token",
                               "grant_type=refresh_token&client_id=sim-client&client_secret=sim-"
                               "secret&refresh_token=sim-refresh-0");
  BOOST_REQUIRE(refreshed.status == 200u);
  BOOST_TEST(refreshed.json().at("refresh_token").as_string() != "sim-refresh-0");
  check_auth_error(c.post_form("/ws/oauth/token",
                               "grant_type=refresh_token&client_id=sim-client&client_secret=sim-"
                               "secret&refresh_token=sim-refresh-0"),
                   400, "invalid_grant");
  BOOST_TEST(c.get("/_sim/state").json().at("refresh_token_generation").as_int64() == 1);
  c.bearer = std::string(refreshed.json().at("access_token").as_string());
  auto created = c.post_json("/v2/ticketing/ticket",
                             R"({"clientId":2,"ticketFormId":1,"subject":"s","status":"1000"})");
  BOOST_TEST(created.status == 200u);  // a user-context token may create tickets
}

BOOST_AUTO_TEST_CASE(tokens_expire_after_the_ttl) {
  Simulator sim({"--token-ttl", "1"}, kPlain);
  HttpClient c(sim.port());
  c.login("monitoring");
  BOOST_TEST(c.get("/v2/user/roles").status == 200u);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  check_auth_error(c.get("/v2/user/roles"), 401, "not_authenticated");
}

BOOST_AUTO_TEST_CASE(authorization_code_flow_redirects_with_a_code) {
  Simulator sim({}, kPlain);
  HttpClient c(sim.port());
  auto r = c.get(
      "/ws/oauth/authorize?response_type=code&client_id=sim-client&redirect_uri="
      "http%3A%2F%2Flocalhost%2Fcb&scope=monitoring%20offline_access&state=xyz");
  BOOST_REQUIRE(r.status == 302u);
  const std::string location(r.headers[http::field::location]);
  BOOST_TEST(location.starts_with("http://localhost/cb?code="));
  BOOST_TEST(location.ends_with("&state=xyz"));
  const auto code =
      location.substr(location.find("code=") + 5, location.find('&') - location.find("code=") - 5);
  auto token = c.post_form(
      "/ws/oauth/token",
      "grant_type=authorization_code&client_id=sim-client&client_secret=sim-"
      "secret&redirect_uri=http%3A%2F%2Flocalhost%2Fcb&scope=monitoring%20offline_access&code=" +
          code);
  BOOST_TEST(token.status == 200u);
  BOOST_TEST(token.json().as_object().contains("refresh_token"));
  check_app_error(c.get("/ws/oauth/authorize?client_id=other&redirect_uri=http%3A%2F%2Fx"), 404);
}

BOOST_AUTO_TEST_CASE(large_user_lists_stream_chunked) {
  Simulator sim({"--technicians", "500", "--end-users", "20000", "--roles", "4",
                 "--members-per-role", "1000", "--organizations", "50"},
                kPlain);
  HttpClient c(sim.port());
  c.login("monitoring");
  const auto peak_before = peak_resident_kib(sim.pid());
  auto r = c.get("/v2/users?includeRoles=true");
  const auto peak_growth = peak_resident_kib(sim.pid()) - peak_before;
  BOOST_TEST(r.status == 200u);
  BOOST_TEST(r.chunked);
  // Streamed, not rendered whole: the peak memory grows far less than the body.
  BOOST_TEST_MESSAGE("body " << r.body.size() / 1024 << " KiB, peak RSS growth " << peak_growth
                             << " KiB");
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  // ASan's quarantine keeps freed chunks resident, and TSan maps shadow memory for
  // every byte touched, so peak memory says nothing here.
  BOOST_TEST_MESSAGE("memory bound not checked under a sanitizer");
#else
  BOOST_TEST(peak_growth * 1024 < static_cast<long>(r.body.size() / 4));
#endif
  const auto users = r.json().as_array();
  BOOST_TEST(users.size() == 20500u);
  BOOST_TEST(users.back().at("id").as_int64() == 2147483647);
  std::int64_t previous = 0;
  for (const auto& u : users) {
    BOOST_TEST_REQUIRE(u.at("id").as_int64() > previous);
    previous = u.at("id").as_int64();
  }
}

BOOST_AUTO_TEST_CASE(concurrent_clients_see_every_write) {
  Simulator sim(
      {"--technicians", "40", "--roles", "2", "--members-per-role", "0", "--threads", "4"}, kPlain);
  HttpClient setup(sim.port());
  auto state = setup.get("/_sim/state").json();
  const auto role = state.at("roles").at(0).at("id").as_int64();  // a technician role
  std::vector<std::int64_t> techs;
  for (const auto& t : state.at("technicians").as_array()) techs.push_back(t.at("id").as_int64());

  // Four clients on their own connections add ten technicians each while reading.
  std::vector<std::thread> workers;
  std::atomic<int> failures{0};
  for (std::size_t w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      HttpClient c(sim.port());
      c.login();
      for (std::size_t i = w * 10; i < w * 10 + 10; ++i) {
        auto r = c.patch_json("/v2/user/role/" + std::to_string(role) + "/add-members",
                              "[" + std::to_string(techs[i]) + "]");
        if (r.status != 200 || c.get("/v2/user/roles").status != 200) ++failures;
      }
    });
  }
  for (auto& t : workers) t.join();
  BOOST_TEST(failures.load() == 0);
  const auto members = ids_of(setup.get("/_sim/state").json().at("roles").at(0).at("members"));
  BOOST_TEST(members == std::set<std::int64_t>(techs.begin(), techs.end()));
}

BOOST_AUTO_TEST_CASE(http_1_0_clients_get_whole_bodies) {
  Simulator sim({}, kPlain);
  HttpClient c(sim.port());
  c.login("monitoring");
  c.version = 10;  // no chunked encoding in HTTP/1.0
  auto r = c.get("/v2/users");
  BOOST_TEST(r.status == 200u);
  BOOST_TEST(!r.chunked);
  BOOST_TEST(r.headers[http::field::content_length] == std::to_string(r.body.size()));
  BOOST_TEST(r.json().as_array().size() == 52u);  // 12 technicians + 40 end users
}

BOOST_AUTO_TEST_CASE(fixture_files_are_served_as_given) {
  TempDir dir;
  std::ofstream(dir / "tenant.json") << R"({
    "technicians":[{"id":7,"uid":"00000000-0000-4000-8000-000000000007","firstName":"Tess","lastName":"Tech",
                    "email":"tess@example.com","enabled":true,"administrator":true}],
    "end_users":[{"id":2147483647,"firstName":"Max","lastName":"Id","organizationId":40}],
    "roles":[{"id":9,"name":"Admins","type":"TECHNICIAN","description":"d","members":[{"id":7}]}],
    "organizations":[{"id":40,"name":"Only Org"}],
    "ticket_statuses":[{"name":"NEW","displayName":"New","statusId":1000},
                       {"name":"DONE","displayName":"Done","statusId":9000}]})";
  Simulator sim({"--fixture", (dir / "tenant.json").string()}, kPlain);
  HttpClient c(sim.port());
  c.login("monitoring");
  auto techs = c.get("/v2/user/technicians").json();
  BOOST_REQUIRE(techs.as_array().size() == 1u);
  BOOST_TEST(techs.at(0).at("administrator").as_bool());
  auto roles = c.get("/v2/user/roles").json();
  BOOST_TEST(roles.at(0).at("members").at(0).at("email").as_string() == "tess@example.com");
  BOOST_TEST(roles.at(0).at("members").at(0).at("name").as_string() == "Tess Tech");
  auto eu = c.get("/v2/user/end-user/2147483647").json();
  BOOST_TEST(!eu.as_object().contains("email"));
  BOOST_TEST(c.get("/v2/ticketing/statuses").json().at(1).at("name").as_string() == "DONE");
}

BOOST_AUTO_TEST_CASE(request_log_has_one_masked_line_per_request) {
  TempDir dir;
  const auto log_path = (dir / "requests.jsonl").string();
  {
    Simulator sim({"--request-log", log_path}, kPlain);
    HttpClient c(sim.port());
    c.login("monitoring management control");
    c.patch_json("/v2/user/role/1/add-members?x=1", "[101]");
    c.get("/v2/users?userType=TECHNICIAN");
  }
  std::ifstream in(log_path);
  std::vector<json::value> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  BOOST_REQUIRE(lines.size() == 3u);
  BOOST_TEST(lines[0].at("path").as_string() == "/ws/oauth/token");
  const std::string token_body(lines[0].at("body").as_string());
  BOOST_TEST(token_body.find("client_secret=***") != std::string::npos);
  BOOST_TEST(token_body.find("sim-secret") == std::string::npos);
  BOOST_TEST(lines[1].at("method").as_string() == "PATCH");
  BOOST_TEST(lines[1].at("path").as_string() == "/v2/user/role/1/add-members");
  BOOST_TEST(lines[1].at("query").as_string() == "x=1");
  BOOST_TEST(lines[1].at("body").as_string() == "[101]");
  BOOST_TEST(lines[1].at("status").as_int64() == 200);
  BOOST_TEST(lines[2].at("query").as_string() == "userType=TECHNICIAN");
}

BOOST_AUTO_TEST_CASE(stats_count_by_path_and_status) {
  Simulator sim({}, kPlain);
  HttpClient c(sim.port());
  c.get("/v2/users");
  c.login("monitoring");
  c.get("/v2/users");
  c.get("/v2/users");
  auto stats = c.get("/_sim/stats").json();
  BOOST_TEST(stats.at("by_path").at("/v2/users").at("200").as_int64() == 2);
  BOOST_TEST(stats.at("by_path").at("/v2/users").at("401").as_int64() == 1);
  BOOST_TEST(stats.at("total").as_int64() == 4);
}

BOOST_AUTO_TEST_SUITE_END()
