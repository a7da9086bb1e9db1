// Turns failed answers into connector::sdk::Error: a status from the HTTP status (and,
// at the token endpoint, the OAuth 2.0 error codes of RFC 6749 section 5.2), a
// one-line message saying what failed and where, and details JSON with http_status,
// retry_after_ms, incident_id, request_id and error. The connector's ApiDialect reads
// the error fields and may give a better error for answers it knows. Messages quote
// only the server's short error fields, never a whole body, and redact() removes any
// secret that might still appear.
#pragma once

#include <connector/sdk.hpp>
#include <connector/sdk/http/api_dialect.hpp>
#include <connector/sdk/http/http_answer.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace connector::sdk::http {

// The details object of a failed answer: http_status, retry_after_ms, incident_id,
// request_id and error (the body's code), each only when known.
boost::json::object error_details(const HttpAnswer& answer, const ErrorBody& error);

// An API answer that is not 2xx (after any retry): the dialect's special error, else
// 401 → UNAUTHENTICATED, 403 → PERMISSION_DENIED, 404 → NOT_FOUND, 400 and 422 →
// INVALID_ARGUMENT, 409 → ALREADY_EXISTS, 429 → RESOURCE_EXHAUSTED, 5xx → UNAVAILABLE.
// `what` names the request, e.g. "GET /v2/users on api.example.com:443".
Error api_error(std::string_view what, const HttpAnswer& answer, const ApiDialect& dialect);

// A token endpoint answer that is not 2xx: the dialect's special error, else
// invalid_scope → PERMISSION_DENIED naming the requested scopes, invalid_client or 401
// → UNAUTHENTICATED "bad client credentials", invalid_grant → UNAUTHENTICATED (the
// refresh token, in that flow) or bad credentials, unauthorized_client and
// unsupported_grant_type → PERMISSION_DENIED, others as api_error.
Error token_error(std::string_view what, const HttpAnswer& answer, std::string_view scope,
                  bool refresh_flow, const ApiDialect& dialect);

// Returns `text` with every non-empty secret replaced by "***".
std::string redact(std::string text, const std::vector<std::string>& secrets);

// The same error with its message and details redacted.
Error redact(const Error& error, const std::vector<std::string>& secrets);

}  // namespace connector::sdk::http
