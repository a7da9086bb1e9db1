#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <string>

#include "http_client.hpp"
#include "support/simulator.hpp"

using namespace sim_test;
using test_support::Simulator;

BOOST_AUTO_TEST_SUITE(sim_http_tls)

BOOST_AUTO_TEST_CASE(https_with_the_test_ca) {
  const char* dir = std::getenv("TEST_TLS_DIR");
  BOOST_REQUIRE(dir != nullptr);
  const std::string tls(dir);
  Simulator sim({"--tls-cert", tls + "/server.pem", "--tls-key", tls + "/server.key"}, kPlain);
  HttpClient c(sim.port(), tls + "/ca.pem");
  c.login("monitoring");
  auto r = c.get("/v2/user/roles");
  BOOST_TEST(r.status == 200u);
  BOOST_TEST(r.json().as_array().size() == 6u);  // the generator's default role count
  auto users = c.get("/v2/users");  // a streamed reply over TLS, on the same connection
  BOOST_TEST(users.chunked);
  BOOST_TEST(users.json().as_array().size() == 52u);  // 12 technicians + 40 end users
}

BOOST_AUTO_TEST_SUITE_END()
