#include "client/request_runner.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <optional>
#include <random>

#include "client/call_wait.hpp"
#include "client/error_mapping.hpp"
#include "client/retry_policy.hpp"
#include "client/transport_error.hpp"

namespace ninjaone::client {

namespace json = boost::json;
using connector::sdk::Error;

namespace {

// Why the last attempt failed, for the error thrown when no attempt is left.
struct Failure {
  bool rate_limited = false;
  std::string reason;                // e.g. "HTTP 503" or a transport error message
  std::optional<HttpAnswer> answer;  // when the server answered
};

// A Retry-After longer than this is not waited for: the error carries it instead,
// for the host to schedule the work again.
constexpr std::chrono::milliseconds kLongestHonouredRetryAfter{120000};

Error ambiguous_write(const std::string& what, const std::string& reason,
                      const HttpAnswer* answer) {
  json::object details = answer != nullptr ? error_details(*answer) : json::object{};
  details["ambiguous_write"] = true;
  return Error(CONN_UNAVAILABLE,
               what + ": " + reason +
                   "; the server may or may not have applied the change, so it was not retried: "
                   "read the current state before trying again",
               json::serialize(details));
}

Error out_of_attempts(const std::string& what, int attempts, const Failure& failure,
                      const std::string& why_stopped) {
  json::object details = failure.answer ? error_details(*failure.answer) : json::object{};
  details["attempts"] = attempts;
  if (!failure.answer) details["error"] = failure.reason;
  const std::string message =
      what + ": " +
      (failure.rate_limited ? "still rate limited (" + failure.reason + ")" : failure.reason) +
      " after " + std::to_string(attempts) + " attempt" + (attempts == 1 ? "" : "s") + "; " +
      why_stopped;
  return Error(failure.rate_limited ? CONN_RESOURCE_EXHAUSTED : CONN_UNAVAILABLE, message,
               json::serialize(details));
}

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
      host_(host) {}

std::string RequestRunner::describe(const OutgoingRequest& request) const {
  const std::string target = request.target.substr(0, request.target.find('?'));
  return std::string(boost::beast::http::to_string(request.method)) + " " + target + " on " +
         pool_.endpoint().authority;
}

ExchangeTimeouts RequestRunner::timeouts(const connector::sdk::Call& call) const {
  ExchangeTimeouts t{options_.connect_timeout, options_.request_timeout};
  if (const auto remaining = call.remaining()) {
    if (remaining->count() <= 0) {
      throw Error(CONN_DEADLINE_EXCEEDED, "the call's deadline passed");
    }
    t.connect = std::min(t.connect, *remaining);
    t.request = std::min(t.request, *remaining);
  }
  return t;
}

HttpAnswer RequestRunner::run(const connector::sdk::Call& call, const RunRequest& run_request) {
  const std::string what = describe(run_request.request);
  const bool write = run_request.safety == WriteSafety::write;
  const int budget = std::max(1, options_.max_attempts);
  Backoff backoff(options_.backoff_base, options_.backoff_max, std::random_device{}());
  OutgoingRequest request = run_request.request;
  bool reauthenticated = false;

  for (int attempt = 1;; ++attempt) {
    call.throw_if_cancelled();
    if (bucket_.take(call)) ++stats_.rate_limit_waits;
    std::string token;
    if (authenticator_ != nullptr) {
      token = authenticator_->bearer(call);
      request.authorization = "Bearer " + token;
    }

    Failure failure;
    try {
      HttpAnswer answer =
          exchange_once(call, pool_, request, timeouts(call), run_request.stream, stats_);
      const bool rate_limit_page =
          is_rate_limit_page(answer.status, answer.content_type, answer.body);
      const bool success = answer.status >= 200 && answer.status < 300 && !rate_limit_page;

      if (answer.status == 401 && authenticator_ != nullptr && !reauthenticated &&
          parse_error_body(answer.body).error != "user_context_required") {
        // The token expired early or was revoked: fetch a new one, once.
        host_.info(what + ": the access token was refused (HTTP 401); fetching a new one");
        reauthenticated = true;
        authenticator_->reject(token);
        ++stats_.retries;
        --attempt;
        continue;
      }
      if (success) {
        if (run_request.parsed != nullptr) {
          json::error_code ec;
          *run_request.parsed = json::parse(answer.body, ec);
          if (ec)
            throw TransportError(TransportError::Stage::read,
                                 "the response is not JSON: " + ec.message(), true);
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
        return answer;
      }
      const bool rate_limited = answer.status == 429 || rate_limit_page;
      if (!rate_limited && answer.status < 500) return answer;  // the caller maps it
      if (write && answer.status != 429) {
        throw ambiguous_write(what, status_reason(answer, rate_limit_page), &answer);
      }
      failure = Failure{rate_limited, status_reason(answer, rate_limit_page), std::move(answer)};
    } catch (const TransportError& e) {
      if (e.permanent()) {
        json::object details;
        details["error"] = e.what();
        throw Error(CONN_UNAVAILABLE, what + ": " + e.what(), json::serialize(details));
      }
      if (write && e.request_sent()) throw ambiguous_write(what, e.what(), nullptr);
      failure = Failure{false, e.what(), std::nullopt};
    }

    if (attempt >= budget) throw out_of_attempts(what, attempt, failure, "giving up");
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
                            "the call's deadline comes before the next attempt");
    }
    if (failure.rate_limited) ++stats_.rate_limit_waits;
    ++stats_.retries;
  }
}

}  // namespace ninjaone::client
