#include "api/ninjaone_api.hpp"

#include <connector/sdk/json_fields.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>

namespace ninjaone {
namespace {

namespace json = boost::json;
using connector::sdk::Error;
using connector::sdk::optional_string_or_number;

// NinjaOne's error fields, each empty when absent.
struct NinjaErrorFields {
  std::string error;              // OAuth layer, eg: "invalid_scope", "user_context_required"
  std::string error_description;  // OAuth layer
  std::string result_code;        // application layer, eg: "Client app not exist"
  std::string error_message;      // application layer
  std::string incident_id;        // application layer
};

NinjaErrorFields read_fields(std::string_view body) {
  NinjaErrorFields f;
  json::error_code ec;
  const json::value parsed = json::parse(body, ec);
  if (ec || !parsed.is_object()) return f;
  const json::object& o = parsed.get_object();
  f.error = optional_string_or_number(o, "error").value_or("");
  f.error_description = optional_string_or_number(o, "error_description").value_or("");
  f.result_code = optional_string_or_number(o, "resultCode").value_or("");
  f.error_message = optional_string_or_number(o, "errorMessage").value_or("");
  f.incident_id = optional_string_or_number(o, "incidentId").value_or("");
  return f;
}

bool contains_case_insensitive(std::string_view haystack, std::string_view needle) {
  const auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                              [](char a, char b) {
                                return std::tolower(static_cast<unsigned char>(a)) ==
                                       std::tolower(static_cast<unsigned char>(b));
                              });
  return it != haystack.end();
}

}  // namespace

client::ErrorBody NinjaOneDialect::read_error_body(std::string_view body) const {
  const NinjaErrorFields f = read_fields(body);
  client::ErrorBody e;
  e.code = !f.error.empty() ? f.error : f.result_code;
  // The server's own short explanation, most specific first.
  for (const std::string* text :
       {&f.error_message, &f.error_description, &f.result_code, &f.error}) {
    if (!text->empty()) {
      e.message = *text;
      break;
    }
  }
  e.incident_id = f.incident_id;
  return e;
}

bool NinjaOneDialect::is_rate_limit_page(const client::HttpAnswer& answer) const {
  return ninjaone::is_rate_limit_page(answer.status, answer.content_type, answer.body);
}

bool NinjaOneDialect::token_refused(const client::HttpAnswer& answer,
                                    const client::ErrorBody& error) const {
  // user_context_required: the token is good, but of a kind this operation refuses.
  return answer.status == 401 && error.code != "user_context_required";
}

std::optional<Error> NinjaOneDialect::special_error(client::AnsweredBy endpoint,
                                                    const client::HttpAnswer& answer,
                                                    const client::ErrorBody& error,
                                                    const std::string& described,
                                                    const std::string& details) const {
  const bool token_endpoint = endpoint == client::AnsweredBy::token_endpoint;
  if (answer.status == 404 && read_fields(answer.body).result_code == "Client app not exist") {
    return token_endpoint
               ? Error(CONN_FAILED_PRECONDITION,
                       "client app not found: check the region/base_url (" + described + ")",
                       details)
               : Error(CONN_FAILED_PRECONDITION,
                       described +
                           "; the client app is unknown in this region: check the region/base_url",
                       details);
  }
  if (!token_endpoint && error.code == "user_context_required") {
    return Error(CONN_FAILED_PRECONDITION,
                 described +
                     "; this operation needs a user's token: use auth \"refresh_token\" "
                     "(a client-credentials token is refused)",
                 details);
  }
  return std::nullopt;
}

bool is_rate_limit_page(unsigned status, std::string_view content_type, std::string_view body) {
  if (status != 200 && status != 429 && status != 503) return false;
  if (contains_case_insensitive(content_type, "json")) return false;
  if (contains_case_insensitive(content_type, "text/html")) return true;
  return contains_case_insensitive(body, "rate limit") ||
         contains_case_insensitive(body, "too many requests");
}

std::string token_url_for(std::string_view base_url) {
  return std::string(base_url) + "/ws/oauth/token";
}

client::ClientOptions client_options_for(std::string base_url) {
  client::ClientOptions options;
  while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
  options.token_url = token_url_for(base_url);
  options.base_url = std::move(base_url);
  options.scope = "monitoring management control";
  options.user_agent = "connector-host-ninjaone/0.1";
  options.dialect = std::make_shared<const NinjaOneDialect>();
  return options;
}

}  // namespace ninjaone
