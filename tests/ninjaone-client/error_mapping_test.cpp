// NinjaOne error answers → status, message and details: the SDK's error mapping with
// NinjaOne's ApiDialect.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <connector/sdk/http/error_mapping.hpp>

#include "api/ninjaone_api.hpp"

using namespace std::chrono_literals;
using namespace connector::sdk::http;
namespace json = boost::json;

namespace {

const ninjaone::NinjaOneDialect kNinjaOne;

connector::sdk::Error api_error(std::string_view what, const HttpAnswer& answer) {
  return connector::sdk::http::api_error(what, answer, kNinjaOne);
}

connector::sdk::Error token_error(std::string_view what, const HttpAnswer& answer,
                                  std::string_view scope, bool refresh_flow) {
  return connector::sdk::http::token_error(what, answer, scope, refresh_flow, kNinjaOne);
}

HttpAnswer answer(unsigned status, std::string body, std::string request_id = {}) {
  HttpAnswer a;
  a.status = status;
  a.content_type = "application/json";
  a.body = std::move(body);
  a.request_id = std::move(request_id);
  return a;
}

json::object details(const connector::sdk::Error& e) {
  return json::parse(e.details_json()).as_object();
}

bool mentions(const connector::sdk::Error& e, std::string_view text) {
  return std::string_view(e.what()).find(text) != std::string_view::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(error_mapping)

BOOST_AUTO_TEST_CASE(application_errors_carry_incident_and_request_ids) {
  HttpAnswer a = answer(
      404,
      R"({"resultCode":"NOT_FOUND","errorMessage":"Role or members not found","incidentId":"inc-7"})",
      "req-1");
  const auto e = api_error("PATCH /v2/user/role/7/add-members on h:443", a);
  BOOST_TEST(e.status() == CONN_NOT_FOUND);
  BOOST_TEST(mentions(e,
                      "PATCH /v2/user/role/7/add-members on h:443: HTTP 404: Role or members not "
                      "found (incident inc-7)"));
  const auto d = details(e);
  BOOST_TEST(d.at("http_status").as_int64() == 404);
  BOOST_TEST(d.at("incident_id").as_string() == "inc-7");
  BOOST_TEST(d.at("request_id").as_string() == "req-1");
  BOOST_TEST(d.at("error").as_string() == "NOT_FOUND");
  BOOST_TEST(!d.contains("retry_after_ms"));
}

BOOST_AUTO_TEST_CASE(statuses_follow_the_table) {
  const std::pair<unsigned, conn_status> table[] = {
      {400, CONN_INVALID_ARGUMENT}, {401, CONN_UNAUTHENTICATED}, {403, CONN_PERMISSION_DENIED},
      {404, CONN_NOT_FOUND},        {409, CONN_ALREADY_EXISTS},  {429, CONN_RESOURCE_EXHAUSTED},
      {500, CONN_UNAVAILABLE},      {503, CONN_UNAVAILABLE},     {418, CONN_UNKNOWN}};
  for (const auto& [status, expected] : table) {
    BOOST_TEST(api_error("GET /x on h:443", answer(status, "{}")).status() == expected);
  }
}

BOOST_AUTO_TEST_CASE(retry_after_goes_into_the_details) {
  HttpAnswer a = answer(429, "");
  a.retry_after = 1500ms;
  BOOST_TEST(details(api_error("GET /x on h:443", a)).at("retry_after_ms").as_int64() == 1500);
}

BOOST_AUTO_TEST_CASE(user_context_required_asks_for_the_refresh_token_flow) {
  const auto e = api_error("POST /v2/ticketing/ticket on h:443",
                           answer(403, R"({"error":"user_context_required","error_code":5})"));
  BOOST_TEST(e.status() == CONN_FAILED_PRECONDITION);
  BOOST_TEST(mentions(e, "refresh_token"));
  BOOST_TEST(details(e).at("error").as_string() == "user_context_required");
}

BOOST_AUTO_TEST_CASE(client_app_not_exist_points_at_the_region) {
  const auto e =
      api_error("GET /v2/users on h:443", answer(404, R"({"resultCode":"Client app not exist"})"));
  BOOST_TEST(e.status() == CONN_FAILED_PRECONDITION);
  BOOST_TEST(mentions(e, "check the region/base_url"));
  const auto t =
      token_error("POST /ws/oauth/token on h:443",
                  answer(404, R"({"resultCode":"Client app not exist"})"), "monitoring", false);
  BOOST_TEST(t.status() == CONN_FAILED_PRECONDITION);
  BOOST_TEST(mentions(t, "check the region/base_url"));
}

BOOST_AUTO_TEST_CASE(token_errors_are_told_apart) {
  const std::string what = "POST /ws/oauth/token on h:443";
  const auto scope = token_error(what, answer(400, R"({"error":"invalid_scope"})"),
                                 "monitoring management control", false);
  BOOST_TEST(scope.status() == CONN_PERMISSION_DENIED);
  BOOST_TEST(mentions(
      scope, "invalid scope: the client app lacks one of 'monitoring management control'"));

  const auto client =
      token_error(what, answer(401, R"({"error":"invalid_client"})"), "monitoring", false);
  BOOST_TEST(client.status() == CONN_UNAUTHENTICATED);
  BOOST_TEST(mentions(client, "bad client credentials"));

  const auto grant =
      token_error(what, answer(400, R"({"error":"invalid_grant"})"), "monitoring", true);
  BOOST_TEST(grant.status() == CONN_UNAUTHENTICATED);
  BOOST_TEST(mentions(grant, "refresh token rejected"));

  const auto other = token_error(what, answer(503, "oops"), "monitoring", false);
  BOOST_TEST(other.status() == CONN_UNAVAILABLE);
}

BOOST_AUTO_TEST_CASE(bodies_that_are_not_json_give_bare_details) {
  HttpAnswer a = answer(502, "<html>bad gateway</html>");
  a.content_type = "text/html";
  const auto e = api_error("GET /x on h:443", a);
  BOOST_TEST(e.status() == CONN_UNAVAILABLE);
  BOOST_TEST(!mentions(e, "bad gateway"));  // whole bodies are never quoted
  BOOST_TEST(details(e).size() == 1u);      // http_status only
}

BOOST_AUTO_TEST_CASE(redact_removes_every_secret) {
  const connector::sdk::Error e(CONN_UNAUTHENTICATED, "token s3cr3t and r-tok rejected",
                                R"({"error":"s3cr3t"})");
  const auto clean = redact(e, {"s3cr3t", "r-tok", ""});
  BOOST_TEST(std::string(clean.what()) == "token *** and *** rejected");
  BOOST_TEST(clean.details_json() == R"({"error":"***"})");
  BOOST_TEST(clean.status() == CONN_UNAUTHENTICATED);
}

BOOST_AUTO_TEST_CASE(redact_also_finds_secrets_escaped_in_json) {
  const std::string secret = R"(pa"ss\word)";
  json::object details{{"error", "bad " + secret}};
  const connector::sdk::Error e(CONN_UNAUTHENTICATED, "bad " + secret, json::serialize(details));
  const auto clean = redact(e, {secret});
  BOOST_TEST(std::string(clean.what()) == "bad ***");
  BOOST_TEST(clean.details_json() == R"({"error":"bad ***"})");
}

BOOST_AUTO_TEST_SUITE_END()
