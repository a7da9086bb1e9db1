#include <connector/sdk/http/error_mapping.hpp>

#include <connector/sdk/json_fields.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace connector::sdk::http {

namespace json = boost::json;

namespace {

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
  if (!e.message.empty()) message += ": " + one_line(e.message);
  if (!e.incident_id.empty()) message += " (incident " + one_line(e.incident_id) + ")";
  return message;
}

Error make(conn_status status, std::string message, const HttpAnswer& answer, const ErrorBody& e) {
  return Error(status, std::move(message), json::serialize(error_details(answer, e)));
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

Error status_error(std::string message, const HttpAnswer& answer, const ErrorBody& e) {
  const unsigned s = answer.status;
  if (s == 401) return make(CONN_UNAUTHENTICATED, std::move(message), answer, e);
  if (s == 403) return make(CONN_PERMISSION_DENIED, std::move(message), answer, e);
  if (s == 404) return make(CONN_NOT_FOUND, std::move(message), answer, e);
  if (s == 400 || s == 422) return make(CONN_INVALID_ARGUMENT, std::move(message), answer, e);
  if (s == 409) return make(CONN_ALREADY_EXISTS, std::move(message), answer, e);
  if (s == 429) return make(CONN_RESOURCE_EXHAUSTED, std::move(message), answer, e);
  if (s >= 500) return make(CONN_UNAVAILABLE, std::move(message), answer, e);
  return make(CONN_UNKNOWN, std::move(message), answer, e);
}

}  // namespace

ErrorBody ApiDialect::read_error_body(std::string_view body) const {
  ErrorBody e;
  json::error_code ec;
  const json::value parsed = json::parse(body, ec);
  if (ec || !parsed.is_object()) return e;
  const json::object& o = parsed.get_object();
  e.code = optional_string_or_number(o, "error").value_or("");
  for (const char* key : {"error_description", "message", "detail"}) {
    if (const auto said = optional_string(o, key)) {
      e.message = std::string(*said);
      break;
    }
  }
  if (e.message.empty()) e.message = e.code;
  return e;
}

json::object error_details(const HttpAnswer& answer, const ErrorBody& e) {
  json::object details;
  if (answer.status != 0) details["http_status"] = answer.status;
  if (answer.retry_after) details["retry_after_ms"] = answer.retry_after->count();
  if (!e.incident_id.empty()) details["incident_id"] = e.incident_id;
  if (!answer.request_id.empty()) details["request_id"] = answer.request_id;
  if (!e.code.empty()) details["error"] = e.code;
  return details;
}

Error api_error(std::string_view what, const HttpAnswer& answer, const ApiDialect& dialect) {
  const ErrorBody e = dialect.read_error_body(answer.body);
  std::string message = describe(what, answer, e);
  if (auto special = dialect.special_error(AnsweredBy::api, answer, e, message,
                                           json::serialize(error_details(answer, e)))) {
    return std::move(*special);
  }
  return status_error(std::move(message), answer, e);
}

Error token_error(std::string_view what, const HttpAnswer& answer, std::string_view scope,
                  bool refresh_flow, const ApiDialect& dialect) {
  const ErrorBody e = dialect.read_error_body(answer.body);
  const std::string described = describe(what, answer, e);
  if (auto special = dialect.special_error(AnsweredBy::token_endpoint, answer, e, described,
                                           json::serialize(error_details(answer, e)))) {
    return std::move(*special);
  }
  const std::string where = " (" + described + ")";
  if (e.code == "invalid_scope") {
    return make(CONN_PERMISSION_DENIED,
                "invalid scope: the client app lacks one of '" + std::string(scope) + "'" + where,
                answer, e);
  }
  if (e.code == "invalid_grant" && refresh_flow) {
    return make(CONN_UNAUTHENTICATED,
                "refresh token rejected (expired, revoked or already rotated): authorize the "
                "app again and store the new refresh token" +
                    where,
                answer, e);
  }
  if (e.code == "invalid_client" || e.code == "invalid_grant" || answer.status == 401) {
    return make(CONN_UNAUTHENTICATED, "bad client credentials" + where, answer, e);
  }
  if (e.code == "unauthorized_client" || e.code == "unsupported_grant_type") {
    return make(CONN_PERMISSION_DENIED,
                std::string("the client app may not use the ") +
                    (refresh_flow ? "refresh_token" : "client_credentials") + " grant" + where,
                answer, e);
  }
  return api_error(what, answer, dialect);
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

}  // namespace connector::sdk::http
