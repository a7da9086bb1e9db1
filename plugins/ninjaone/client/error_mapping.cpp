#include "client/error_mapping.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace ninjaone::client {

namespace json = boost::json;
using connector::sdk::Error;

namespace {

std::string string_field(const json::object& object, std::string_view key) {
  const json::value* v = object.if_contains(key);
  if (v == nullptr) return {};
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_number()) return json::serialize(*v);  // error_code is a number
  return {};
}

// The server's own short explanation, for the message.
std::string server_says(const ErrorBody& e) {
  for (const std::string* text :
       {&e.error_message, &e.error_description, &e.result_code, &e.error}) {
    if (!text->empty()) return *text;
  }
  return {};
}

// The server's text with its control characters (newlines, tabs, escapes) as spaces:
// a message is one line, and a log line cannot be forged by an error body.
std::string one_line(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return text;
}

std::string describe(std::string_view what, const HttpAnswer& answer, const ErrorBody& e) {
  std::string message = std::string(what) + ": HTTP " + std::to_string(answer.status);
  if (const std::string said = server_says(e); !said.empty()) message += ": " + one_line(said);
  if (!e.incident_id.empty()) message += " (incident " + one_line(e.incident_id) + ")";
  return message;
}

Error make(conn_status status, std::string message, const HttpAnswer& answer) {
  return Error(status, std::move(message), json::serialize(error_details(answer)));
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

ErrorBody parse_error_body(std::string_view body) {
  ErrorBody e;
  json::error_code ec;
  const json::value parsed = json::parse(body, ec);
  if (ec || !parsed.is_object()) return e;
  const json::object& o = parsed.get_object();
  e.error = string_field(o, "error");
  e.error_description = string_field(o, "error_description");
  e.result_code = string_field(o, "resultCode");
  e.error_message = string_field(o, "errorMessage");
  e.incident_id = string_field(o, "incidentId");
  return e;
}

json::object error_details(const HttpAnswer& answer) {
  json::object details;
  if (answer.status != 0) details["http_status"] = answer.status;
  if (answer.retry_after) details["retry_after_ms"] = answer.retry_after->count();
  const ErrorBody e = parse_error_body(answer.body);
  if (!e.incident_id.empty()) details["incident_id"] = e.incident_id;
  if (!answer.request_id.empty()) details["request_id"] = answer.request_id;
  if (const std::string code = !e.error.empty() ? e.error : e.result_code; !code.empty()) {
    details["error"] = code;
  }
  return details;
}

Error api_error(std::string_view what, const HttpAnswer& answer) {
  const ErrorBody e = parse_error_body(answer.body);
  const std::string message = describe(what, answer, e);
  if (e.error == "user_context_required") {
    return make(CONN_FAILED_PRECONDITION,
                message +
                    "; this operation needs a user's token: use auth \"refresh_token\" "
                    "(a client-credentials token is refused)",
                answer);
  }
  if (answer.status == 404 && e.result_code == "Client app not exist") {
    return make(CONN_FAILED_PRECONDITION,
                message + "; the client app is unknown in this region: check the region/base_url",
                answer);
  }
  const unsigned s = answer.status;
  if (s == 401) return make(CONN_UNAUTHENTICATED, message, answer);
  if (s == 403) return make(CONN_PERMISSION_DENIED, message, answer);
  if (s == 404) return make(CONN_NOT_FOUND, message, answer);
  if (s == 400 || s == 422) return make(CONN_INVALID_ARGUMENT, message, answer);
  if (s == 409) return make(CONN_ALREADY_EXISTS, message, answer);
  if (s == 429) return make(CONN_RESOURCE_EXHAUSTED, message, answer);
  if (s >= 500) return make(CONN_UNAVAILABLE, message, answer);
  return make(CONN_UNKNOWN, message, answer);
}

Error token_error(std::string_view what, const HttpAnswer& answer, std::string_view scope,
                  bool refresh_flow) {
  const ErrorBody e = parse_error_body(answer.body);
  const std::string where = " (" + describe(what, answer, e) + ")";
  if (e.error == "invalid_scope") {
    return make(CONN_PERMISSION_DENIED,
                "invalid scope: the client app lacks one of '" + std::string(scope) + "'" + where,
                answer);
  }
  if (answer.status == 404 && e.result_code == "Client app not exist") {
    return make(CONN_FAILED_PRECONDITION, "client app not found: check the region/base_url" + where,
                answer);
  }
  if (e.error == "invalid_grant" && refresh_flow) {
    return make(CONN_UNAUTHENTICATED,
                "refresh token rejected (expired, revoked or already rotated): authorize the "
                "app again and store the new refresh token" +
                    where,
                answer);
  }
  if (e.error == "invalid_client" || e.error == "invalid_grant" || answer.status == 401) {
    return make(CONN_UNAUTHENTICATED, "bad client credentials" + where, answer);
  }
  if (e.error == "unauthorized_client" || e.error == "unsupported_grant_type") {
    return make(CONN_PERMISSION_DENIED,
                std::string("the client app may not use the ") +
                    (refresh_flow ? "refresh_token" : "client_credentials") + " grant" + where,
                answer);
  }
  return api_error(what, answer);
}

std::string redact(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    replace_all(text, secret, "***");
    // Details are JSON, where a secret with quotes or backslashes appears escaped.
    const std::string quoted = json::serialize(json::string(secret));
    const std::string_view escaped = std::string_view(quoted).substr(1, quoted.size() - 2);
    if (escaped != secret) replace_all(text, escaped, "***");
  }
  return text;
}

Error redact(const Error& error, const std::vector<std::string>& secrets) {
  return Error(error.status(), redact(error.what(), secrets),
               redact(error.details_json(), secrets));
}

}  // namespace ninjaone::client
