// Reading from the simulator over HTTPS: tokens, streaming arrays, keep-alive,
// token expiry and revocation, concurrency.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <thread>

#include <connector/sdk/http/api_client.hpp>

#include "sim_test_support.hpp"

using namespace std::chrono_literals;
using namespace connector::sdk::http;
using namespace ninjaone_client_test;
namespace json = boost::json;

namespace {
const std::vector<std::string> kTenant = {
    "--technicians",   "30", "--end-users",        "60", "--roles", "20",
    "--organizations", "25", "--members-per-role", "4"};
}

BOOST_AUTO_TEST_SUITE(sim_read)

BOOST_AUTO_TEST_CASE(token_then_roles_as_the_simulator_holds_them) {
  Simulator sim(kTenant);
  RecordingHost host;
  RecordingCall call;
  ApiClient client(options_for(sim), host.host());

  // The granted scopes, in the server's order.
  const std::string scope = client.authenticate(call.call());
  for (const char* granted : {"monitoring", "management", "control"}) {
    BOOST_TEST(contains(scope, granted));
  }
  const auto roles = list(client, call.call(), "/v2/user/roles");
  BOOST_TEST(roles.size() == 20u);
  for (const auto& role : roles) {
    BOOST_TEST(role.at("id").is_int64());
    BOOST_TEST(role.at("members").is_array());
  }
  const auto technicians = list(client, call.call(), "/v2/user/roles?roleType=TECHNICIAN");
  BOOST_TEST(technicians.size() == 10u);

  const ClientStats s = client.stats();
  BOOST_TEST(s.token_refreshes == 1u);
  BOOST_TEST(s.requests == 3u);  // token, two listings
  BOOST_TEST(s.retries == 0u);
  BOOST_TEST(s.bytes_received > 0u);
  BOOST_TEST(sim.count("/ws/oauth/token", "200") == 1u);
  BOOST_TEST(sim.count("/v2/user/roles", "200") == 2u);
}

BOOST_AUTO_TEST_CASE(get_json_reads_one_object) {
  Simulator sim(kTenant);
  RecordingHost host;
  RecordingCall call;
  ApiClient client(options_for(sim), host.host());
  const auto organizations = list(client, call.call(), "/v2/organizations?pageSize=10");
  BOOST_REQUIRE(!organizations.empty());
  const auto id = organizations.front().at("id").as_int64();
  const json::value organization =
      client.get_json(call.call(), "/v2/organization/" + std::to_string(id));
  BOOST_TEST(organization.at("id").as_int64() == id);
  BOOST_TEST(organization.at("name") == organizations.front().at("name"));

  const auto e = error_of([&] { client.get_json(call.call(), "/v2/organization/2147483647"); });
  BOOST_TEST(e.status() == CONN_NOT_FOUND);
  const json::object details = json::parse(e.details_json()).as_object();
  BOOST_TEST(details.at("http_status").as_int64() == 404);
  BOOST_TEST(!details.at("incident_id").as_string().empty());
  BOOST_TEST(!details.at("request_id").as_string().empty());
  BOOST_TEST(contains(e.what(), details.at("incident_id").as_string()));
}

BOOST_AUTO_TEST_CASE(keep_alive_carries_many_requests_on_few_connections) {
  Simulator sim(kTenant);
  RecordingHost host;
  RecordingCall call;
  ApiClient client(options_for(sim), host.host());
  for (int i = 0; i < 40; ++i)
    BOOST_REQUIRE_EQUAL(list(client, call.call(), "/v2/user/roles").size(), 20u);
  BOOST_TEST(client.stats().requests == 41u);
  BOOST_TEST(client.stats().connections_opened == 1u);
  BOOST_TEST(sim.count("/v2/user/roles", "200") == 40u);

  // Four threads at once use at most max_concurrency connections... plus the ones
  // made while all pooled ones were busy, which the pool then keeps or drops.
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      RecordingCall own;
      for (int i = 0; i < 25; ++i) {
        try {
          // Not list(): Boost.Test's assertions are not thread-safe (ThreadSanitizer
          // reports them); the threads count and the main thread checks.
          if (client.get_array(own.call(), "/v2/user/roles", [](json::value&&) {}) != 20u)
            ++failures;
        } catch (...) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(failures.load() == 0);
  BOOST_TEST(sim.count("/v2/user/roles", "200") == 140u);
  BOOST_TEST(client.stats().connections_opened <= 5u);
}

BOOST_AUTO_TEST_CASE(a_consumer_stopping_early_leaves_a_client_that_still_works) {
  // About 350 KB of users, so the reader is still busy when the consumer stops.
  Simulator sim({"--technicians", "300", "--end-users", "600"});
  RecordingHost host;
  RecordingCall call;
  ApiClient client(options_for(sim), host.host());
  const auto reference = list(client, call.call(), "/v2/users");
  struct Enough {};
  std::size_t seen = 0;
  BOOST_CHECK_THROW(client.get_array(call.call(), "/v2/users",
                                     [&](json::value&&) {
                                       if (++seen == 10) throw Enough{};
                                     }),
                    Enough);
  BOOST_TEST(seen == 10u);
  // The abandoned connection is not reused: the next listing gets a new one.
  BOOST_TEST((list(client, call.call(), "/v2/users") == reference));
  BOOST_TEST(client.stats().connections_opened == 2u);
}

BOOST_AUTO_TEST_CASE(a_short_lived_token_is_refreshed_before_it_expires) {
  Simulator sim({"--token-ttl", "2"});
  RecordingHost host;
  RecordingCall call;
  ApiClient client(options_for(sim), host.host());
  const auto start = std::chrono::steady_clock::now();
  int listings = 0;
  while (std::chrono::steady_clock::now() - start < 5s) {
    BOOST_REQUIRE(!list(client, call.call(), "/v2/user/roles").empty());
    ++listings;
    std::this_thread::sleep_for(100ms);
  }
  // Refreshed ahead of expiry: no request was ever refused.
  BOOST_TEST(sim.count("/v2/user/roles", "401") == 0u);
  BOOST_TEST(sim.count("/v2/user/roles", "200") == static_cast<std::uint64_t>(listings));
  BOOST_TEST(client.stats().token_refreshes >= 3u);
  BOOST_TEST(client.stats().token_refreshes <= 4u);
}

BOOST_AUTO_TEST_CASE(revoked_tokens_lead_to_one_new_token_and_a_retry) {
  Simulator sim;
  RecordingHost host;
  RecordingCall call;
  ApiClient client(options_for(sim), host.host());
  const auto before = list(client, call.call(), "/v2/user/roles");
  sim.revoke_tokens();
  const auto after = list(client, call.call(), "/v2/user/roles");
  BOOST_TEST((before == after));
  BOOST_TEST(sim.count("/v2/user/roles", "401") == 1u);
  BOOST_TEST(sim.count("/ws/oauth/token", "200") == 2u);
  BOOST_TEST(client.stats().token_refreshes == 2u);
}

BOOST_AUTO_TEST_CASE(many_threads_needing_a_token_fetch_it_once) {
  Simulator sim;
  RecordingHost host;
  ApiClient client(options_for(sim), host.host());
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      RecordingCall call;
      client.get_array(call.call(), "/v2/user/roles", [](json::value&&) {});
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(sim.count("/ws/oauth/token", "200") == 1u);
}

BOOST_AUTO_TEST_CASE(a_cancelled_call_stops_before_its_next_request) {
  Simulator sim;
  RecordingHost host;
  RecordingCall call;
  ApiClient client(options_for(sim), host.host());
  call.cancel = true;
  const auto e = error_of([&] { list(client, call.call(), "/v2/user/roles"); });
  BOOST_TEST(e.status() == CONN_CANCELLED);
  BOOST_TEST(client.stats().requests == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
