#include <boost/test/unit_test.hpp>
#include <chrono>
#include <set>

#include "http_client.hpp"
#include "support/simulator.hpp"

using namespace sim_test;
using test_support::Simulator;
namespace json = boost::json;

namespace {

// A running simulator and a logged-in client with every scope.
struct Fixture {
  Simulator sim{{"--seed", "5"}, kPlain};
  HttpClient client{sim.port()};
  HttpClient control{sim.port()};  // /_sim calls, on their own connection
  Fixture() { client.login(); }

  void set_faults(const std::string& spec) {
    auto r = control.post_json("/_sim/faults", json::serialize(json::object{{"spec", spec}}));
    BOOST_REQUIRE(r.status == 200u);
  }
  // Members of the first (technician) role, as the control API sees them.
  std::set<std::int64_t> members() {
    std::set<std::int64_t> ids;
    auto role = control.get("/_sim/state").json().at("roles").at(0);
    for (const auto& m : role.at("members").as_array()) ids.insert(m.at("id").as_int64());
    return ids;
  }
  std::pair<std::int64_t, std::int64_t> role_and_non_member() {
    auto state = control.get("/_sim/state").json();
    const auto role = state.at("roles").at(0).at("id").as_int64();
    const auto current = members();
    for (const auto& t : state.at("technicians").as_array()) {
      if (!current.contains(t.at("id").as_int64())) return {role, t.at("id").as_int64()};
    }
    throw std::runtime_error("every technician is a member");
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(sim_http_faults)

BOOST_FIXTURE_TEST_CASE(rate_limit_with_and_without_retry_after, Fixture) {
  set_faults("429=1,retry-after=4,paths=/v2/user/roles");
  auto r = client.get("/v2/user/roles");
  BOOST_TEST(r.status == 429u);
  BOOST_TEST(r.headers[http::field::retry_after] == "4");
  BOOST_TEST(r.json().as_object().contains("resultCode"));
  BOOST_TEST(client.get("/v2/users").status == 200u);  // other paths are spared
  set_faults("429-bare=1");
  r = client.get("/v2/user/roles");
  BOOST_TEST(r.status == 429u);
  BOOST_TEST(r.headers.count(http::field::retry_after) == 0u);
}

BOOST_FIXTURE_TEST_CASE(html_rate_limit_pages, Fixture) {
  set_faults("html200=1");
  auto r = client.get("/v2/user/roles");
  BOOST_TEST(r.status == 200u);
  BOOST_TEST(std::string(r.headers[http::field::content_type]).starts_with("text/html"));
  BOOST_TEST(r.body.find("Rate limit exceeded - too many requests") != std::string::npos);
  set_faults("html503=1");
  r = client.get("/v2/user/roles");
  BOOST_TEST(r.status == 503u);
  BOOST_TEST(r.body.find("Rate limit exceeded") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(server_errors_are_not_applied, Fixture) {
  const auto [role, user] = role_and_non_member();
  const auto path = "/v2/user/role/" + std::to_string(role) + "/add-members";
  for (const auto* kind : {"500", "503"}) {
    set_faults(std::string(kind) + "=1");
    auto r = client.patch_json(path, "[" + std::to_string(user) + "]");
    BOOST_TEST(r.status == static_cast<unsigned>(std::stoi(kind)));
    BOOST_TEST(r.json().as_object().contains("incidentId"));
  }
  BOOST_TEST(!members().contains(user));
}

BOOST_FIXTURE_TEST_CASE(reset_before_reply_does_not_apply_the_write, Fixture) {
  const auto [role, user] = role_and_non_member();
  set_faults("reset=1,methods=PATCH");
  auto r = client.patch_json("/v2/user/role/" + std::to_string(role) + "/add-members",
                             "[" + std::to_string(user) + "]");
  BOOST_TEST(static_cast<bool>(r.error));
  BOOST_TEST(r.status == 0u);
  BOOST_TEST(!members().contains(user));
}

BOOST_FIXTURE_TEST_CASE(reset_after_write_applies_the_write, Fixture) {
  const auto [role, user] = role_and_non_member();
  set_faults("reset-after-write=1,methods=PATCH");
  auto r = client.patch_json("/v2/user/role/" + std::to_string(role) + "/add-members",
                             "[" + std::to_string(user) + "]");
  BOOST_TEST(static_cast<bool>(r.error));
  BOOST_TEST(members().contains(user));
}

BOOST_FIXTURE_TEST_CASE(slow_replies_arrive_late_but_whole, Fixture) {
  set_faults("slow=1,slow-ms=300");
  const auto start = std::chrono::steady_clock::now();
  auto r = client.get("/v2/user/roles");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  BOOST_TEST(r.status == 200u);
  BOOST_TEST(r.json().is_array());
  BOOST_TEST(elapsed >= std::chrono::milliseconds(300));
}

BOOST_FIXTURE_TEST_CASE(malformed_json_fails_to_parse, Fixture) {
  set_faults("malformed=1");
  auto r = client.get("/v2/user/roles");
  BOOST_TEST(r.status == 200u);
  boost::system::error_code ec;
  json::parse(r.body, ec);
  BOOST_TEST(static_cast<bool>(ec));
}

BOOST_FIXTURE_TEST_CASE(oversized_sends_one_user_with_a_first_name_of_the_size_asked, Fixture) {
  set_faults("oversized=1,oversized-bytes=200000,paths=/v2/users");
  const auto r = client.get("/v2/users");
  BOOST_TEST(r.status == 200u);
  const json::array users = r.json().as_array();
  BOOST_REQUIRE(users.size() == 1u);
  BOOST_TEST(users.at(0).at("firstName").as_string().size() == 200000u);
  BOOST_TEST(users.at(0).at("id").as_int64() == 1);
  BOOST_TEST(client.get("/v2/user/roles").json().is_array());  // other paths are spared
}

BOOST_FIXTURE_TEST_CASE(truncated_body_breaks_the_read_after_applying, Fixture) {
  const auto [role, user] = role_and_non_member();
  set_faults("truncated=1");
  auto r = client.patch_json("/v2/user/role/" + std::to_string(role) + "/add-members",
                             "[" + std::to_string(user) + "]");
  BOOST_TEST(static_cast<bool>(r.error));
  BOOST_TEST(members().contains(user));
}

BOOST_FIXTURE_TEST_CASE(revoke_invalidates_every_token_before_the_reply, Fixture) {
  HttpClient other{sim.port()};
  other.login("monitoring");
  const auto [role, user] = role_and_non_member();
  set_faults("revoke=1,paths=/v2/user/role/");
  auto r = client.patch_json("/v2/user/role/" + std::to_string(role) + "/add-members",
                             "[" + std::to_string(user) + "]");
  BOOST_TEST(r.status == 401u);
  BOOST_TEST(r.json().at("error").as_string() == "not_authenticated");
  BOOST_TEST(!members().contains(user));  // refused, so not applied
  set_faults("");
  // Every token died, not only the one the faulted request carried.
  BOOST_TEST(client.get("/v2/user/roles").status == 401u);
  BOOST_TEST(other.get("/v2/user/roles").status == 401u);
  client.login();
  BOOST_TEST(client.get("/v2/user/roles").status == 200u);
  BOOST_TEST(control.get("/_sim/state").json().at("active_access_tokens").as_int64() == 1);
}

BOOST_FIXTURE_TEST_CASE(control_paths_are_never_faulted, Fixture) {
  set_faults("500=1");
  BOOST_TEST(control.get("/_sim/state").status == 200u);
  BOOST_TEST(!control.get("/_sim/stats").json().at("faults").as_object().contains("500"));
  BOOST_TEST(client.get("/v2/users").status == 500u);
  BOOST_TEST(control.get("/_sim/stats").json().at("faults").at("500").as_int64() == 1);
  BOOST_TEST(control.get("/_sim/faults").json().at("spec").as_string() == "500=1");
  BOOST_TEST(control.post_json("/_sim/faults", R"({"spec":"teapot=1"})").status == 400u);
}

BOOST_AUTO_TEST_CASE(command_line_faults_are_deterministic_for_a_seed) {
  auto statuses = [](const std::string& seed) {
    Simulator sim({"--faults", "429=0.3,500=0.2,paths=/v2/users", "--fault-seed", seed}, kPlain);
    HttpClient c(sim.port());
    c.login("monitoring");
    std::string out;
    for (int i = 0; i < 40; ++i) out += std::to_string(c.get("/v2/users").status) + " ";
    return out;
  };
  const auto a = statuses("77");
  BOOST_TEST(a == statuses("77"));
  BOOST_TEST(a != statuses("78"));
  BOOST_TEST(a.find("429") != std::string::npos);
  BOOST_TEST(a.find("500") != std::string::npos);
  BOOST_TEST(a.find("200") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(latency_is_added_to_api_calls) {
  Simulator sim({"--latency-ms", "150"}, kPlain);
  HttpClient c(sim.port());
  const auto start = std::chrono::steady_clock::now();
  c.login("monitoring");
  c.get("/v2/user/roles");
  BOOST_TEST((std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(300)));
}

BOOST_AUTO_TEST_SUITE_END()
