#include <boost/test/unit_test.hpp>

#include "faults.hpp"

using namespace ninjaone_sim;

BOOST_AUTO_TEST_SUITE(faults)

BOOST_AUTO_TEST_CASE(spec_parses_kinds_and_settings) {
  auto spec = FaultSpec::parse(
      "429=0.25,html200=0.1,reset-after-write=0.05,retry-after=7,slow-ms=120,paths=/v2/a|/v2/b,"
      "methods=GET|PATCH");
  BOOST_REQUIRE(spec.rates.size() == 3u);
  BOOST_TEST((spec.rates[0].first == FaultKind::too_many_requests));
  BOOST_TEST(spec.rates[0].second == 0.25);
  BOOST_TEST((spec.rates[2].first == FaultKind::reset_after_write));
  BOOST_TEST(spec.retry_after.count() == 7);
  BOOST_TEST(spec.slow.count() == 120);
  BOOST_TEST(spec.path_prefixes.size() == 2u);
  BOOST_TEST(spec.methods.size() == 2u);
}

BOOST_AUTO_TEST_CASE(the_revoke_kind_parses_and_names_itself) {
  FaultInjector f(3, FaultSpec::parse("revoke=1"));
  const auto kind = f.decide("GET", "/v2/users");
  BOOST_TEST((kind == FaultKind::revoke));
  BOOST_TEST(to_string(*kind) == "revoke");
}

BOOST_AUTO_TEST_CASE(the_oversized_kind_takes_its_size) {
  const auto spec = FaultSpec::parse("oversized=1,oversized-bytes=4096");
  BOOST_TEST((spec.rates.at(0).first == FaultKind::oversized));
  BOOST_TEST(spec.oversized_bytes == 4096u);
  BOOST_TEST(FaultSpec::parse("oversized=1").oversized_bytes == 100u * 1024 * 1024);
  BOOST_TEST(to_string(FaultKind::oversized) == "oversized");
}

BOOST_AUTO_TEST_CASE(bad_specs_are_refused) {
  BOOST_CHECK_THROW(FaultSpec::parse("teapot=0.1"), std::invalid_argument);
  BOOST_CHECK_THROW(FaultSpec::parse("429=1.5"), std::invalid_argument);
  BOOST_CHECK_THROW(FaultSpec::parse("429=abc"), std::invalid_argument);
  BOOST_CHECK_THROW(FaultSpec::parse("429=0.6,500=0.6"), std::invalid_argument);
  BOOST_CHECK_THROW(FaultSpec::parse("429"), std::invalid_argument);
  BOOST_CHECK_THROW(FaultSpec::parse("slow-ms=-3"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(same_seed_same_faults) {
  auto run = [](std::uint64_t seed) {
    FaultInjector f(seed, FaultSpec::parse("429=0.3,500=0.2"));
    std::string out;
    for (int i = 0; i < 200; ++i) {
      auto k = f.decide("GET", "/v2/users");
      out += k ? std::string(to_string(*k)) + "," : "-,";
    }
    return out;
  };
  BOOST_TEST(run(42) == run(42));
  BOOST_TEST(run(42) != run(43));
}

BOOST_AUTO_TEST_CASE(rates_are_honoured_roughly) {
  FaultInjector f(9, FaultSpec::parse("429=0.3,reset=0.1"));
  int n429 = 0, reset = 0;
  for (int i = 0; i < 10000; ++i) {
    auto k = f.decide("GET", "/v2/users");
    if (k == FaultKind::too_many_requests) ++n429;
    if (k == FaultKind::reset) ++reset;
  }
  BOOST_TEST(n429 > 2700);
  BOOST_TEST(n429 < 3300);
  BOOST_TEST(reset > 800);
  BOOST_TEST(reset < 1200);
}

BOOST_AUTO_TEST_CASE(filters_and_control_paths_are_respected) {
  FaultInjector f(1, FaultSpec::parse("500=1,paths=/v2/user/roles,methods=PATCH"));
  BOOST_TEST(!f.decide("GET", "/v2/user/roles").has_value());
  BOOST_TEST(!f.decide("PATCH", "/v2/users").has_value());
  BOOST_TEST((f.decide("PATCH", "/v2/user/roles") == FaultKind::internal_error));
  FaultInjector all(1, FaultSpec::parse("500=1"));
  BOOST_TEST(!all.decide("GET", "/_sim/state").has_value());
}

BOOST_AUTO_TEST_CASE(new_spec_restarts_the_sequence) {
  FaultInjector f(5, FaultSpec::parse("429=0.5"));
  std::string first, second;
  for (int i = 0; i < 50; ++i) first += f.decide("GET", "/v2/users") ? 'x' : '.';
  f.set_spec(FaultSpec::parse("429=0.5"));
  for (int i = 0; i < 50; ++i) second += f.decide("GET", "/v2/users") ? 'x' : '.';
  BOOST_TEST(first == second);
  f.set_spec(FaultSpec{});
  BOOST_TEST(!f.decide("GET", "/v2/users").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
