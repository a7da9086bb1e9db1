// How the NinjaOne plugin uses the SDK's API client: NinjaOne's way of answering
// (its ApiDialect: error fields, x-nj-request-id, the HTML rate-limit page, the
// errors that need a better word) and the client options every NinjaOne tenant
// shares. The resource files call the client through `client::ApiClient`.
#ifndef NINJAONE_API_NINJAONE_API_HPP
#define NINJAONE_API_NINJAONE_API_HPP

#include <connector/sdk/http/api_client.hpp>
#include <connector/sdk/http/api_dialect.hpp>
#include <connector/sdk/http/client_options.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace ninjaone {

// The SDK's API client layer, as the plugin's files name it.
namespace client = connector::sdk::http;

// NinjaOne's answers (API-NOTES "Errors and limits"): OAuth's {"error",
// "error_description"} and the application's {"resultCode","errorMessage",
// "incidentId"}; the request id in x-nj-request-id; an HTML "rate limit" page served
// with 200, 429 or 503; user_context_required (a client-credentials token refused
// for a user-context operation, where a new token would not help) and "Client app
// not exist" (the wrong region).
class NinjaOneDialect final : public client::ApiDialect {
 public:
  client::ErrorBody read_error_body(std::string_view body) const override;
  std::string_view request_id_header() const override { return "x-nj-request-id"; }
  bool is_rate_limit_page(const client::HttpAnswer& answer) const override;
  bool token_refused(const client::HttpAnswer& answer,
                     const client::ErrorBody& error) const override;
  std::optional<connector::sdk::Error> special_error(client::AnsweredBy endpoint,
                                                     const client::HttpAnswer& answer,
                                                     const client::ErrorBody& error,
                                                     const std::string& described,
                                                     const std::string& details) const override;
};

// NinjaOne sometimes answers a rate limit with an HTML page instead of a 429: with
// status 200, 429 or 503, and either Content-Type text/html or a body that says "rate
// limit" or "too many requests" (any case). A JSON body is never taken for such a
// page, whatever it says: a user may well be named "Rate Limit".
bool is_rate_limit_page(unsigned status, std::string_view content_type, std::string_view body);

// The token endpoint of the NinjaOne instance at `base_url` (no trailing slash).
std::string token_url_for(std::string_view base_url);

// Client options for the NinjaOne instance at `base_url`: NinjaOne's dialect, token
// endpoint, scopes and user agent, the SDK's defaults for the rest.
client::ClientOptions client_options_for(std::string base_url);

}  // namespace ninjaone

#endif  // NINJAONE_API_NINJAONE_API_HPP
