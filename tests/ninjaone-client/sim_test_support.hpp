// Small helpers shared by the simulator tests.
#pragma once

#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "client/api_client.hpp"
#include "fake_call.hpp"

namespace ninjaone::client::testing {

// Every element of the array at `target`.
inline std::vector<boost::json::value> list(ApiClient& client, const connector::sdk::Call& call,
                                            std::string_view target) {
  std::vector<boost::json::value> items;
  const std::size_t n = client.get_array(
      call, target, [&](boost::json::value&& v) { items.push_back(std::move(v)); });
  BOOST_TEST(n == items.size());
  return items;
}

// Runs `body`, which must throw connector::sdk::Error, and returns that error.
template <class Body>
connector::sdk::Error error_of(Body&& body) {
  try {
    body();
  } catch (const connector::sdk::Error& e) {
    return e;
  }
  BOOST_FAIL("no error was thrown");
  throw std::logic_error("unreachable");
}

inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace ninjaone::client::testing
