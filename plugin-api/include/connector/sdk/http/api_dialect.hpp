// What differs from one remote API to the next in how it answers, and so is given
// by each connector rather than known by the client: where the error fields of a
// failed answer are, which header carries the server's request id, whether an answer
// is a rate limit in disguise, and the errors worth a better word than their status.
//
// ApiDialect's defaults read the common shapes (OAuth 2.0's {"error",
// "error_description"}, {"message"}, RFC 7807's {"detail"}) and trust the status
// line; a connector overrides what its API does otherwise. Every member is called
// from any thread, so an implementation keeps no mutable state.
#ifndef CONNECTOR_SDK_HTTP_API_DIALECT_HPP
#define CONNECTOR_SDK_HTTP_API_DIALECT_HPP

#include <connector/sdk.hpp>
#include <connector/sdk/http/http_answer.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace connector::sdk::http {

// The error fields of a failed answer, each empty when the body does not say.
struct ErrorBody {
  std::string code;         // machine-readable, eg: "invalid_scope" (details "error")
  std::string message;      // the server's short explanation, quoted in the message
  std::string incident_id;  // a reference the vendor's support asks for
};

// Which endpoint a failed answer came from.
enum class AnsweredBy { api, token_endpoint };

class ApiDialect {
 public:
  virtual ~ApiDialect() = default;

  // Reads the error fields of `body` (any text: it may not even be JSON).
  virtual ErrorBody read_error_body(std::string_view body) const;

  // The response header holding the server's id for the request, eg: "x-request-id".
  virtual std::string_view request_id_header() const { return "x-request-id"; }

  // True for an answer that says "slow down" without a 429 (eg: an HTML page served
  // with 200 or 503): it is retried like a 429 and never read as data.
  virtual bool is_rate_limit_page(const HttpAnswer& /*answer*/) const { return false; }

  // True when a 401 means the access token is no longer good, so that a new one is
  // fetched and the request sent once more. Some APIs answer 401 for a token that is
  // good but of the wrong kind, where a new one would not help.
  virtual bool token_refused(const HttpAnswer& answer, const ErrorBody& /*error*/) const {
    return answer.status == 401;
  }

  // A better error than the status mapping gives for this failed answer (eg: a
  // vendor's code that means "wrong region"), or nullopt. `what` names the request,
  // eg: "GET /v2/users on api.example.com:443"; `described` is the usual message
  // ("<what>: HTTP 404: <server's message>"), and `details` the usual details JSON.
  virtual std::optional<Error> special_error(AnsweredBy /*endpoint*/, const HttpAnswer& /*answer*/,
                                             const ErrorBody& /*error*/,
                                             const std::string& /*described*/,
                                             const std::string& /*details*/) const {
    return std::nullopt;
  }
};

}  // namespace connector::sdk::http

#endif  // CONNECTOR_SDK_HTTP_API_DIALECT_HPP
