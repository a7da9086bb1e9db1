// The simulator injects faults; the client must still deliver complete data for
// reads, and must never repeat a write the server may have applied.
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <thread>

#include <connector/sdk/http/api_client.hpp>

#include "sim_test_support.hpp"

using namespace std::chrono_literals;
using namespace connector::sdk::http;
using namespace ninjaone_client_test;
namespace json = boost::json;
namespace http = boost::beast::http;

namespace {

const std::vector<std::string> kTenant = {"--technicians", "40", "--end-users",        "80",
                                          "--roles",       "30", "--members-per-role", "6"};

ClientOptions patient(ClientOptions o) {
  o.max_attempts = 12;
  return o;
}

// Id of some technician role and of a technician that is not one of its members.
std::pair<std::int64_t, std::int64_t> role_and_outsider(ApiClient& client,
                                                        const connector::sdk::Call& call) {
  const auto roles = list(client, call, "/v2/user/roles?roleType=TECHNICIAN");
  const auto technicians = list(client, call, "/v2/user/technicians");
  const json::value& role = roles.front();
  for (const auto& t : technicians) {
    bool member = false;
    for (const auto& m : role.at("members").as_array()) member = member || m.at("id") == t.at("id");
    if (!member) return {role.at("id").as_int64(), t.at("id").as_int64()};
  }
  BOOST_FAIL("every technician is a member of the first role");
  return {};
}

bool is_member(ApiClient& client, const connector::sdk::Call& call, std::int64_t role,
               std::int64_t user) {
  for (const auto& r : list(client, call, "/v2/user/roles?roleType=TECHNICIAN")) {
    if (r.at("id").as_int64() != role) continue;
    for (const auto& m : r.at("members").as_array()) {
      if (m.at("id").as_int64() == user) return true;
    }
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sim_faults)

BOOST_AUTO_TEST_CASE(reads_are_complete_under_a_mix_of_faults) {
  // /v2/users is then about 350 KB, several read chunks: a truncated answer hands
  // over some users before it breaks, and the retry must not repeat them.
  Simulator sim({"--technicians", "300", "--end-users", "600", "--roles", "30"});
  RecordingHost host;
  RecordingCall call;
  ApiClient client(patient(options_for(sim)), host.host());
  const auto users_reference = list(client, call.call(), "/v2/users");
  const auto roles_reference = list(client, call.call(), "/v2/user/roles");

  // 45% of requests fail; 60 listings make every kind happen (the draws are
  // seeded, so the run is reproducible).
  sim.set_faults(
      "429=0.08,html200=0.07,html503=0.03,500=0.07,503=0.03,reset=0.07,truncated=0.07,"
      "malformed=0.03,retry-after=0,paths=/v2/");
  for (int round = 0; round < 30; ++round) {
    BOOST_TEST((list(client, call.call(), "/v2/users") == users_reference));
    BOOST_TEST((list(client, call.call(), "/v2/user/roles") == roles_reference));
  }
  const json::object faults = sim.stats().at("faults").as_object();
  for (const char* kind : {"429", "html200", "500", "reset", "truncated"}) {
    BOOST_TEST_INFO("fault " << kind);
    BOOST_TEST(faults.contains(kind));  // each kind really happened
  }
  BOOST_TEST(client.stats().retries > 0u);
  // Every retry was logged, saying what and why, and no log line holds a secret.
  std::size_t retry_lines = 0;
  for (const std::string& event : host.events()) {
    if (contains(event, "retrying in")) ++retry_lines;
    BOOST_TEST(!contains(event, "sim-secret"));
  }
  BOOST_TEST(retry_lines == client.stats().retries);
}

BOOST_AUTO_TEST_CASE(a_body_cut_while_read_ahead_of_a_slow_consumer_is_complete_after_the_retry) {
  // About 350 KB of users: the reader is several batches ahead of the consumer when
  // the truncated answer breaks, and the retry must hand over exactly the rest.
  Simulator sim({"--technicians", "300", "--end-users", "600"});
  RecordingHost host;
  RecordingCall call;
  ApiClient client(patient(options_for(sim)), host.host());
  const auto reference = list(client, call.call(), "/v2/users");
  sim.set_faults("truncated=0.5,paths=/v2/users");
  for (int round = 0; round < 4; ++round) {
    std::vector<json::value> users;
    client.get_array(call.call(), "/v2/users", [&](json::value&& v) {
      users.push_back(std::move(v));
      std::this_thread::sleep_for(20us);
    });
    BOOST_TEST((users == reference));
  }
  // Some answers really were cut, and each cut cost one retry.
  const json::object faults = sim.stats().at("faults").as_object();
  BOOST_REQUIRE(faults.contains("truncated"));
  BOOST_TEST(client.stats().retries == faults.at("truncated").to_number<std::uint64_t>());
}

BOOST_AUTO_TEST_CASE(retry_after_is_honoured) {
  Simulator sim;
  RecordingHost host;
  RecordingCall call;
  ClientOptions o = options_for(sim);
  o.backoff_base = 1ms;  // only Retry-After can explain a long wait
  o.backoff_max = 1ms;
  ApiClient client(o, host.host());
  client.authenticate(call.call());
  sim.set_faults("429=0.5,retry-after=1,paths=/v2/user/roles");
  const auto start = std::chrono::steady_clock::now();
  int listings = 0;
  while (sim.count("/v2/user/roles", "429") == 0) {
    BOOST_REQUIRE(!list(client, call.call(), "/v2/user/roles").empty());
    BOOST_REQUIRE(++listings < 20);
  }
  const auto waited = std::chrono::steady_clock::now() - start;
  const auto rate_limited = sim.count("/v2/user/roles", "429");
  BOOST_TEST((waited >= std::chrono::seconds(rate_limited)));
  BOOST_TEST(client.stats().rate_limit_waits >= rate_limited);
}

BOOST_AUTO_TEST_CASE(a_429_storm_past_the_budget_is_resource_exhausted_with_details) {
  Simulator sim;
  RecordingHost host;
  RecordingCall call;
  ClientOptions o = options_for(sim);
  o.max_attempts = 4;
  ApiClient client(o, host.host());
  client.authenticate(call.call());
  sim.set_faults("429=1,retry-after=0,paths=/v2/");
  const auto e = error_of([&] { list(client, call.call(), "/v2/user/roles"); });
  BOOST_TEST(e.status() == CONN_RESOURCE_EXHAUSTED);
  BOOST_TEST(contains(e.what(), "GET /v2/user/roles on 127.0.0.1:"));
  BOOST_TEST(contains(e.what(), "still rate limited"));
  const json::object d = json::parse(e.details_json()).as_object();
  BOOST_TEST(d.at("http_status").as_int64() == 429);
  BOOST_TEST(d.at("retry_after_ms").as_int64() == 0);
  BOOST_TEST(d.at("attempts").as_int64() == 4);
  BOOST_TEST(sim.count("/v2/user/roles", "429") == 4u);
}

BOOST_AUTO_TEST_CASE(server_errors_past_the_budget_are_unavailable) {
  Simulator sim;
  RecordingHost host;
  RecordingCall call;
  ClientOptions o = options_for(sim);
  o.max_attempts = 3;
  ApiClient client(o, host.host());
  client.authenticate(call.call());
  sim.set_faults("500=1,paths=/v2/");
  const auto e = error_of([&] { list(client, call.call(), "/v2/user/roles"); });
  BOOST_TEST(e.status() == CONN_UNAVAILABLE);
  BOOST_TEST(json::parse(e.details_json()).at("http_status").as_int64() == 500);
  BOOST_TEST(sim.count("/v2/user/roles", "500") == 3u);
}

BOOST_AUTO_TEST_CASE(a_write_the_server_may_have_applied_is_not_retried) {
  Simulator sim(kTenant);
  RecordingHost host;
  RecordingCall call;
  ApiClient client(patient(options_for(sim)), host.host());
  const auto [role, user] = role_and_outsider(client, call.call());
  const std::string path = "/v2/user/role/" + std::to_string(role) + "/add-members";

  sim.set_faults("reset-after-write=1,methods=PATCH");
  const json::value ids = json::array{user};
  const auto e = error_of(
      [&] { client.send(call.call(), http::verb::patch, path, &ids, WriteSafety::write); });
  BOOST_TEST(e.status() == CONN_UNAVAILABLE);
  BOOST_TEST(json::parse(e.details_json()).at("ambiguous_write").as_bool());
  BOOST_TEST(contains(e.what(), "PATCH " + path));
  const json::object stats = sim.stats();
  BOOST_TEST(stats.at("faults").at("reset-after-write").to_number<int>() == 1);  // sent once
  sim.set_faults("");
  BOOST_TEST(is_member(client, call.call(), role, user));  // and the server did apply it
}

BOOST_AUTO_TEST_CASE(a_write_refused_with_429_is_retried) {
  Simulator sim(kTenant);
  RecordingHost host;
  RecordingCall call;
  ApiClient client(patient(options_for(sim)), host.host());
  const auto [role, user] = role_and_outsider(client, call.call());
  const std::string path = "/v2/user/role/" + std::to_string(role) + "/add-members";

  sim.set_faults("429=0.6,retry-after=0,methods=PATCH");
  const json::value ids = json::array{user};
  const Response r = client.send(call.call(), http::verb::patch, path, &ids, WriteSafety::write);
  BOOST_TEST(r.status == 200u);
  BOOST_TEST(sim.count(path, "200") == 1u);
  sim.set_faults("");
  BOOST_TEST(is_member(client, call.call(), role, user));
}

BOOST_AUTO_TEST_CASE(a_write_answered_with_a_5xx_is_ambiguous) {
  Simulator sim(kTenant);
  RecordingHost host;
  RecordingCall call;
  ApiClient client(patient(options_for(sim)), host.host());
  const auto [role, user] = role_and_outsider(client, call.call());
  const std::string path = "/v2/user/role/" + std::to_string(role) + "/add-members";
  sim.set_faults("503=1,methods=PATCH");
  const json::value ids = json::array{user};
  const auto e = error_of(
      [&] { client.send(call.call(), http::verb::patch, path, &ids, WriteSafety::write); });
  BOOST_TEST(e.status() == CONN_UNAVAILABLE);
  const json::object d = json::parse(e.details_json()).as_object();
  BOOST_TEST(d.at("ambiguous_write").as_bool());
  BOOST_TEST(d.at("http_status").as_int64() == 503);
  BOOST_TEST(sim.count(path, "503") == 1u);
}

BOOST_AUTO_TEST_CASE(a_slow_server_is_cut_off_at_the_call_deadline) {
  Simulator sim;
  RecordingHost host;
  RecordingCall call;
  ApiClient client(options_for(sim), host.host());
  client.authenticate(call.call());
  sim.set_faults("slow=1,slow-ms=3000,paths=/v2/");
  call.set_deadline_in(700ms);
  const auto start = std::chrono::steady_clock::now();
  const auto e = error_of([&] { list(client, call.call(), "/v2/user/roles"); });
  BOOST_TEST((std::chrono::steady_clock::now() - start < 1500ms));
  BOOST_TEST(e.status() == CONN_DEADLINE_EXCEEDED);
  BOOST_TEST(contains(e.what(), "GET /v2/user/roles"));
}

BOOST_AUTO_TEST_CASE(a_cancelled_call_stops_waiting_for_its_retry) {
  Simulator sim;
  RecordingHost host;
  RecordingCall call;
  ApiClient client(options_for(sim), host.host());
  client.authenticate(call.call());
  sim.set_faults("429=1,retry-after=30,paths=/v2/");
  std::thread canceller([&] {
    std::this_thread::sleep_for(300ms);
    call.cancel = true;
  });
  const auto start = std::chrono::steady_clock::now();
  const auto e = error_of([&] { list(client, call.call(), "/v2/user/roles"); });
  canceller.join();
  BOOST_TEST((std::chrono::steady_clock::now() - start < 1s));
  BOOST_TEST(e.status() == CONN_CANCELLED);
  BOOST_TEST(sim.count("/v2/user/roles", "429") == 1u);
}

BOOST_AUTO_TEST_CASE(a_retry_after_beyond_reason_is_handed_to_the_host) {
  Simulator sim;
  RecordingHost host;
  RecordingCall call;
  ApiClient client(options_for(sim), host.host());
  client.authenticate(call.call());
  sim.set_faults("429=1,retry-after=600,paths=/v2/");
  const auto start = std::chrono::steady_clock::now();
  const auto e = error_of([&] { list(client, call.call(), "/v2/user/roles"); });
  BOOST_TEST((std::chrono::steady_clock::now() - start < 1s));
  BOOST_TEST(e.status() == CONN_RESOURCE_EXHAUSTED);
  BOOST_TEST(json::parse(e.details_json()).at("retry_after_ms").as_int64() == 600000);
}

BOOST_AUTO_TEST_CASE(delete_answers_204_with_an_empty_body) {
  Simulator sim(kTenant);
  RecordingHost host;
  RecordingCall call;
  ApiClient client(options_for(sim), host.host());
  const auto technicians = list(client, call.call(), "/v2/user/technicians");
  const std::string path =
      "/v2/user/technician/" + std::to_string(technicians.back().at("id").as_int64());
  const Response r =
      client.send(call.call(), http::verb::delete_, path, nullptr, WriteSafety::write);
  BOOST_TEST(r.status == 204u);
  BOOST_TEST(r.body.empty());
  BOOST_TEST(!r.request_id.empty());
  BOOST_TEST(list(client, call.call(), "/v2/user/technicians").size() == technicians.size() - 1);
  const auto again = error_of(
      [&] { client.send(call.call(), http::verb::delete_, path, nullptr, WriteSafety::write); });
  BOOST_TEST(again.status() == CONN_NOT_FOUND);
}

BOOST_AUTO_TEST_SUITE_END()
