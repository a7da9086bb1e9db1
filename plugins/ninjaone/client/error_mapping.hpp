// Turns failed exchanges into connector::sdk::Error: a status following the NinjaOne
// error table (API-NOTES "Errors and limits"), a one-line message saying what failed
// and where, and details JSON with http_status, retry_after_ms, incident_id,
// request_id and error. Messages quote only the server's short error fields, never a
// whole body, and redact() removes any secret that might still appear.
#pragma once

#include <connector/sdk.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "client/http_answer.hpp"

namespace ninjaone::client {

// The error fields NinjaOne uses: OAuth's {"error","error_description"} and the
// application's {"resultCode","errorMessage","incidentId"}. Missing ones are empty.
struct ErrorBody {
  std::string error;
  std::string error_description;
  std::string result_code;
  std::string error_message;
  std::string incident_id;
};
ErrorBody parse_error_body(std::string_view body);

// The details object of a failed answer: http_status, retry_after_ms, incident_id,
// request_id and error, each only when known.
boost::json::object error_details(const HttpAnswer& answer);

// An API answer that is not 2xx (after any retry): 401 → UNAUTHENTICATED, 403 →
// PERMISSION_DENIED, user_context_required → FAILED_PRECONDITION, "Client app not
// exist" → FAILED_PRECONDITION, 404 → NOT_FOUND, 400 → INVALID_ARGUMENT, 409 →
// ALREADY_EXISTS, 429 → RESOURCE_EXHAUSTED, 5xx → UNAVAILABLE. `what` names the
// request, e.g. "GET /v2/users on app.ninjarmm.com:443".
connector::sdk::Error api_error(std::string_view what, const HttpAnswer& answer);

// A token endpoint answer that is not 2xx: invalid_scope → PERMISSION_DENIED naming
// the requested scopes, invalid_client or 401 → UNAUTHENTICATED "bad client
// credentials", invalid_grant → UNAUTHENTICATED (refresh token) or bad credentials,
// "Client app not exist" → FAILED_PRECONDITION, others as api_error.
connector::sdk::Error token_error(std::string_view what, const HttpAnswer& answer,
                                  std::string_view scope, bool refresh_flow);

// Returns `text` with every non-empty secret replaced by "***".
std::string redact(std::string text, const std::vector<std::string>& secrets);

// The same error with its message and details redacted.
connector::sdk::Error redact(const connector::sdk::Error& error,
                             const std::vector<std::string>& secrets);

}  // namespace ninjaone::client
