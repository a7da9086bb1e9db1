// Fuzz target: the body of a token endpoint answer (POST /ws/oauth/token), parsed as the
// request runner parses a 2xx body and read by read_token_answer
// (plugin-api/sdk/http/token_source.hpp).
//
// Beyond "no crash": a body is either refused with CONN_UNAVAILABLE or gives a
// non-empty access token the body carries; the token is used for a time in
// [0, expires_in] (never negative, so never refetched on every call) that a steady
// clock time point can hold.
#include <boost/json/parse.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "http/token_source.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace std::chrono;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(body, ec);
  if (ec) return 0;  // the runner refuses a body that is not JSON before this point

  try {
    const auto token = connector::sdk::http::read_token_answer(parsed, "POST /ws/oauth/token");
    FUZZ_CHECK(!token.access_token.empty(), "an accepted answer has an access token");
    FUZZ_CHECK(parsed.as_object().at("access_token").as_string() == token.access_token,
               "the access token is the one the body carries");
    FUZZ_CHECK(token.refresh_after >= milliseconds{0}, "a token is never stale on arrival");
    FUZZ_CHECK(duration_cast<seconds>(token.refresh_after) <= token.expires_in,
               "a token is refreshed before it expires");
    // TokenSource adds refresh_after to steady_clock::now(): it must fit, with room.
    const auto horizon = duration_cast<milliseconds>(steady_clock::duration::max()) / 2;
    FUZZ_CHECK(token.refresh_after < horizon, "the refresh time fits a time point");
  } catch (const connector::sdk::Error& e) {
    FUZZ_CHECK(e.status() == CONN_UNAVAILABLE, "a bad token answer is UNAVAILABLE");
  }
  return 0;
}
