#include "http/request_runner.hpp"

#include <connector/sdk/call_wait.hpp>
#include <connector/sdk/http/error_mapping.hpp>
#include <connector/sdk/http/retry_policy.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <optional>
#include <random>

#include "http/transport_error.hpp"

namespace connector::sdk::http {

namespace json = boost::json;
using connector::sdk::Error;

namespace {

// A Retry-After longer than this is not waited for: the error carries it instead,
// for the host to schedule the work again.
constexpr std::chrono::milliseconds kLongestHonouredRetryAfter{120000};

}  // namespace

json::object RequestRunner::details_of(const HttpAnswer& answer) const {
  return error_details(answer, dialect_.read_error_body(answer.body));
}

Error RequestRunner::ambiguous_write(const std::string& what, const std::string& reason,
                                     const HttpAnswer* answer) const {
  json::object details = answer != nullptr ? details_of(*answer) : json::object{};
  details["ambiguous_write"] = true;
  return Error(CONN_UNAVAILABLE,
               what + ": " + reason +
                   "; the server may or may not have applied the change, so it was not retried: "
                   "read the current state before trying again",
               json::serialize(details));
}

Error RequestRunner::out_of_attempts(const std::string& what, int attempts,
                                     const AttemptFailure& failure, const std::string& why_stopped,
                                     bool deadline) const {
  json::object details = failure.answer ? details_of(*failure.answer) : json::object{};
  details["attempts"] = attempts;
  if (!failure.answer) details["error"] = failure.reason;
  const std::string message =
      what + ": " +
      (failure.rate_limited ? "still rate limited (" + failure.reason + ")" : failure.reason) +
      " after " + std::to_string(attempts) + " attempt" + (attempts == 1 ? "" : "s") + "; " +
      why_stopped;
  // A rate limit stays RESOURCE_EXHAUSTED even when the deadline stopped the waiting:
  // retry_after_ms tells the host when to come back.
  const conn_status status = failure.rate_limited ? CONN_RESOURCE_EXHAUSTED
                             : deadline           ? CONN_DEADLINE_EXCEEDED
                                                  : CONN_UNAVAILABLE;
  return Error(status, message, json::serialize(details));
}

namespace {

std::string status_reason(const HttpAnswer& answer, bool rate_limit_page) {
  std::string reason = "HTTP " + std::to_string(answer.status);
  if (rate_limit_page && answer.status != 429) reason += " rate-limit page";
  return reason;
}

}  // namespace

RequestRunner::RequestRunner(ConnectionPool& pool, TokenBucket& bucket, StatsCounters& stats,
                             const ClientOptions& options, Authenticator* authenticator,
                             connector::sdk::Host host)
    : pool_(pool),
      bucket_(bucket),
      stats_(stats),
      options_(options),
      authenticator_(authenticator),
      host_(host),
      dialect_(*options.dialect),
      conventions_{options.user_agent, std::string(options.dialect->request_id_header())} {}

std::string RequestRunner::describe(const OutgoingRequest& request) const {
  const std::string target = request.target.substr(0, request.target.find('?'));
  return std::string(boost::beast::http::to_string(request.method)) + " " + target + " on " +
         pool_.endpoint().authority;
}

ExchangeTimeouts RequestRunner::timeouts(const connector::sdk::Call& call,
                                         const std::string& what) const {
  ExchangeTimeouts t{options_.connect_timeout, options_.request_timeout};
  if (const auto remaining = call.remaining()) {
    if (remaining->count() <= 0) {
      throw Error(CONN_DEADLINE_EXCEEDED, what + ": the call's deadline passed before it was sent");
    }
    t.connect = std::min(t.connect, *remaining);
    t.request = std::min(t.request, *remaining);
  }
  return t;
}

HttpAnswer RequestRunner::run(const connector::sdk::Call& call, const RunRequest& run_request) {
  const std::string what = describe(run_request.request);
  const int budget = std::max(1, options_.max_attempts);
  Backoff backoff(options_.backoff_base, options_.backoff_max, std::random_device{}());
  OutgoingRequest request = run_request.request;
  bool reauthenticated = false;

  for (int attempt = 1;; ++attempt) {
    call.throw_if_cancelled();
    if (bucket_.take(call)) {
      ++stats_.rate_limit_waits;
      host_.add_to_counter("rate_limit_waits", R"({"source":"client"})");
    }
    std::string token;
    if (authenticator_ != nullptr) {
      token = authenticator_->bearer(call);
      request.authorization = "Bearer " + token;
    }

    Outcome outcome = attempt_once(call, run_request, request, what);
    if (outcome.answer && outcome.answer->status == 401 && authenticator_ != nullptr &&
        authenticator_->renewable() && !reauthenticated &&
        dialect_.token_refused(*outcome.answer, dialect_.read_error_body(outcome.answer->body))) {
      // The token expired early or was revoked: fetch a new one, once. The request
      // was refused, so even a write may go again.
      host_.info(what + ": the access token was refused (HTTP 401); fetching a new one");
      reauthenticated = true;
      authenticator_->reject(token);
      ++stats_.retries;
      host_.add_to_counter("retries", R"({"reason":"401"})");
      --attempt;
      continue;
    }
    if (outcome.answer) return std::move(*outcome.answer);

    if (attempt >= budget) throw out_of_attempts(what, attempt, *outcome.failure, "giving up");
    wait_before_retry(call, what, attempt, budget, *outcome.failure, backoff);
  }
}

RequestRunner::Outcome RequestRunner::attempt_once(const connector::sdk::Call& call,
                                                   const RunRequest& run_request,
                                                   const OutgoingRequest& request,
                                                   const std::string& what) {
  const bool write = run_request.safety == WriteSafety::write;
  try {
    HttpAnswer answer = exchange_once(call, pool_, request, conventions_, timeouts(call, what),
                                      run_request.stream, stats_);
    // Operators read requests by status on the host's /metrics.
    host_.add_to_counter("http_requests",
                         R"({"status":")" + std::to_string(answer.status) + R"("})");
    const bool rate_limit_page = dialect_.is_rate_limit_page(answer);
    if (answer.status >= 200 && answer.status < 300 && !rate_limit_page) {
      consume_body(run_request, answer);
      return Outcome{std::move(answer), std::nullopt};
    }
    const bool rate_limited = answer.status == 429 || rate_limit_page;
    if (!rate_limited && answer.status < 500) {
      return Outcome{std::move(answer), std::nullopt};  // final: the caller maps it
    }
    // Only a 429 says for certain that the server did not act on the request.
    if (write && answer.status != 429) {
      throw ambiguous_write(what, status_reason(answer, rate_limit_page), &answer);
    }
    const std::string reason = status_reason(answer, rate_limit_page);
    return Outcome{std::nullopt, AttemptFailure{rate_limited, reason, std::move(answer)}};
  } catch (const OversizedElement& e) {
    // The same answer would come again: not retried. RESOURCE_EXHAUSTED, as gRPC
    // answers a message larger than the receiver's limit.
    json::object details;
    details["error"] = "element_too_large";
    throw Error(CONN_RESOURCE_EXHAUSTED, what + ": " + e.what(), json::serialize(details));
  } catch (const TransportError& e) {
    host_.add_to_counter("http_requests", R"({"status":"transport_error"})");
    if (e.permanent()) {
      json::object details;
      details["error"] = e.what();
      throw Error(CONN_UNAVAILABLE, what + ": " + e.what(), json::serialize(details));
    }
    if (write && e.request_sent()) throw ambiguous_write(what, e.what(), nullptr);
    return Outcome{std::nullopt, AttemptFailure{false, e.what(), std::nullopt}};
  }
}

void RequestRunner::consume_body(const RunRequest& run_request, const HttpAnswer& answer) {
  if (run_request.parsed != nullptr) {
    json::error_code ec;
    *run_request.parsed = json::parse(answer.body, ec);
    if (ec) {
      throw TransportError(TransportError::Stage::read, "the response is not JSON: " + ec.message(),
                           true);
    }
  }
  if (run_request.stream != nullptr && !answer.body.empty()) {
    // Collected because it was not labelled JSON; parse it all the same.
    try {
      run_request.stream->restart();
      run_request.stream->write(answer.body);
      run_request.stream->finish();
    } catch (const MalformedJson& e) {
      throw TransportError(TransportError::Stage::read, e.what(), true);
    }
  }
}

void RequestRunner::wait_before_retry(const connector::sdk::Call& call, const std::string& what,
                                      int attempt, int budget, const AttemptFailure& failure,
                                      Backoff& backoff) {
  const std::optional<std::chrono::milliseconds> retry_after =
      failure.answer ? failure.answer->retry_after : std::nullopt;
  if (retry_after && *retry_after > std::max(kLongestHonouredRetryAfter, options_.backoff_max)) {
    throw out_of_attempts(what, attempt, failure,
                          "the server asks to wait longer than the client will");
  }
  const std::chrono::milliseconds wait = retry_after ? *retry_after : backoff.delay(attempt - 1);
  host_.warn(what + ": " + failure.reason + " (attempt " + std::to_string(attempt) + " of " +
             std::to_string(budget) + "); retrying in " + std::to_string(wait.count()) + " ms");
  if (!wait_for(call, wait)) {
    throw out_of_attempts(what, attempt, failure,
                          "the call's deadline comes before the next attempt", true);
  }
  if (failure.rate_limited) {
    ++stats_.rate_limit_waits;
    host_.add_to_counter("rate_limit_waits", R"({"source":"server"})");
  }
  ++stats_.retries;
  host_.add_to_counter(
      "retries", failure.rate_limited ? R"({"reason":"rate_limited"})" : R"({"reason":"failure"})");
}

}  // namespace connector::sdk::http
