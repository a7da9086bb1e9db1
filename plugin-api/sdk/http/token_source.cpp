#include "http/token_source.hpp"

#include <connector/sdk/http/error_mapping.hpp>
#include <connector/sdk/json_fields.hpp>

#include <boost/json/value.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <charconv>

namespace connector::sdk::http {

namespace json = boost::json;
namespace beast_http = boost::beast::http;
using connector::sdk::Error;
using connector::sdk::optional_string;

namespace {

// The lifetime taken for an answer that omits expires_in (RFC 6749 leaves it to the
// server's documentation; an hour is the common one).
constexpr std::chrono::seconds kDefaultLifetime{3600};
// A longer lifetime is taken as this one: the token is still refreshed yearly, and the
// time point arithmetic (in nanoseconds) stays far from overflowing.
constexpr std::chrono::seconds kLongestLifetime{366 * 24 * 3600};

std::string form_field(std::string_view name, std::string_view value) {
  return std::string(name) + "=" + boost::urls::encode(value, boost::urls::unreserved_chars);
}

// `seconds` within [0, kLongestLifetime]; negative (or NaN) means already expired.
std::chrono::seconds bounded_lifetime(double seconds) {
  if (!(seconds > 0)) return std::chrono::seconds{0};
  if (seconds >= static_cast<double>(kLongestLifetime.count())) return kLongestLifetime;
  return std::chrono::seconds{static_cast<std::int64_t>(seconds)};
}

// expires_in is a number of seconds; some servers send it as a string. Whatever the
// server says, the result is within [0, kLongestLifetime].
std::chrono::seconds lifetime(const json::object& o) {
  const json::value* v = o.if_contains("expires_in");
  if (v == nullptr) return kDefaultLifetime;
  if (v->is_number()) return bounded_lifetime(v->to_number<double>());
  if (v->is_string()) {
    std::int64_t seconds = 0;
    const json::string& s = v->get_string();
    if (std::from_chars(s.data(), s.data() + s.size(), seconds).ec == std::errc{}) {
      return bounded_lifetime(static_cast<double>(seconds));
    }
  }
  return kDefaultLifetime;
}

}  // namespace

TokenAnswer read_token_answer(const json::value& answer, std::string_view what) {
  if (!answer.is_object()) {
    throw Error(CONN_UNAVAILABLE, std::string(what) + ": the token response is not a JSON object");
  }
  const json::object& o = answer.get_object();
  TokenAnswer granted;
  granted.access_token = optional_string(o, "access_token").value_or("");
  if (granted.access_token.empty()) {
    throw Error(CONN_UNAVAILABLE, std::string(what) + ": the token response has no access_token");
  }
  granted.scope = optional_string(o, "scope").value_or("");
  granted.refresh_token = optional_string(o, "refresh_token").value_or("");
  granted.expires_in = lifetime(o);
  granted.refresh_after = granted.expires_in - TokenSource::refresh_margin(granted.expires_in);
  return granted;
}

TokenSource::TokenSource(const ClientOptions& options, connector::sdk::Host host,
                         RequestRunner& runner, std::string token_path, StatsCounters& stats)
    : options_(options),
      host_(host),
      runner_(runner),
      token_path_(std::move(token_path)),
      stats_(stats),
      refresh_token_(options.refresh_token) {}

std::chrono::milliseconds TokenSource::refresh_margin(std::chrono::seconds expires_in) {
  const std::chrono::milliseconds tenth = std::chrono::milliseconds(expires_in) / 10;
  return std::clamp(tenth, std::chrono::milliseconds{0}, std::chrono::milliseconds{60000});
}

bool TokenSource::fresh(Clock::time_point now) const {
  return !token_.access_token.empty() && now < token_.refresh_at;
}

std::string TokenSource::bearer(const connector::sdk::Call& call) {
  {
    std::lock_guard state(state_mutex_);
    if (fresh(Clock::now())) return token_.access_token;
  }
  std::lock_guard refreshing(refresh_mutex_);
  {
    // Another thread may have fetched one while this one waited.
    std::lock_guard state(state_mutex_);
    if (fresh(Clock::now())) return token_.access_token;
  }
  Token token = fetch(call);
  std::lock_guard state(state_mutex_);
  token_ = std::move(token);
  return token_.access_token;
}

void TokenSource::reject(const std::string& token) {
  std::lock_guard state(state_mutex_);
  if (token_.access_token == token) token_.refresh_at = Clock::time_point{};
}

std::string TokenSource::granted_scope(const connector::sdk::Call& call) {
  bearer(call);
  std::lock_guard state(state_mutex_);
  return token_.scope;
}

std::vector<std::string> TokenSource::secrets() const {
  std::lock_guard state(state_mutex_);
  return {token_.access_token, refresh_token_};
}

std::string TokenSource::form_body() const {
  const bool refresh_flow = options_.auth == AuthFlow::refresh_token;
  std::string body =
      form_field("grant_type", refresh_flow ? "refresh_token" : "client_credentials");
  body += "&" + form_field("client_id", options_.client_id);
  body += "&" + form_field("client_secret", options_.client_secret);
  if (refresh_flow) {
    std::lock_guard state(state_mutex_);
    body += "&" + form_field("refresh_token", refresh_token_);
  }
  if (!options_.scope.empty()) body += "&" + form_field("scope", options_.scope);
  return body;
}

TokenSource::Token TokenSource::fetch(const connector::sdk::Call& call) {
  const bool refresh_flow = options_.auth == AuthFlow::refresh_token;
  json::value parsed;
  RunRequest run;
  run.request.method = beast_http::verb::post;
  run.request.target = token_path_;
  run.request.body = form_body();
  run.request.content_type = "application/x-www-form-urlencoded";
  // A refresh request that may have reached the server may have rotated the refresh
  // token already: sending the old one again cannot work, so it is not retried.
  run.safety = refresh_flow ? WriteSafety::write : WriteSafety::read;
  run.parsed = &parsed;

  const HttpAnswer answer = runner_.run(call, run);
  const std::string what = runner_.describe(run.request);
  if (answer.status < 200 || answer.status >= 300) {
    throw token_error(what, answer, options_.scope, refresh_flow, *options_.dialect);
  }
  const TokenAnswer granted = read_token_answer(parsed, what);
  Token token;
  token.access_token = granted.access_token;
  token.scope = granted.scope.empty() ? options_.scope : granted.scope;
  token.refresh_at = Clock::now() + granted.refresh_after;

  const std::string& rotated = granted.refresh_token;
  if (refresh_flow && !rotated.empty()) {
    {
      // The old refresh token stopped working the moment this one was issued.
      std::lock_guard state(state_mutex_);
      refresh_token_ = rotated;
    }
    try {
      host_.store_secret(options_.refresh_token_key, rotated);
    } catch (const Error& e) {
      throw Error(e.status(),
                  std::string("the rotated refresh token could not be stored durably, so the new "
                              "access token is not used: ") +
                      e.what());
    }
  }
  ++stats_.token_refreshes;
  return token;
}

}  // namespace connector::sdk::http
