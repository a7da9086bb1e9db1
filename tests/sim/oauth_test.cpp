#include <boost/test/unit_test.hpp>
#include <thread>

#include "oauth.hpp"

using namespace ninjaone_sim;
using Form = std::unordered_map<std::string, std::string>;

namespace {

Form client_credentials(std::string scope = "monitoring management") {
  return {{"grant_type", "client_credentials"},
          {"client_id", "sim-client"},
          {"client_secret", "sim-secret"},
          {"scope", std::move(scope)}};
}

std::string bearer(const TokenReply& r) {
  return "Bearer " + std::string(r.body.at("access_token").as_string());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(oauth)

BOOST_AUTO_TEST_CASE(client_credentials_issue_a_scoped_token_without_refresh_token) {
  OAuthServer server(OAuthConfig{});
  auto r = server.token(client_credentials(), std::nullopt);
  BOOST_TEST(r.status == 200u);
  BOOST_TEST(r.body.at("token_type").as_string() == "Bearer");
  BOOST_TEST(r.body.at("expires_in").as_int64() == 3600);
  BOOST_TEST(r.body.at("scope").as_string() == "management monitoring");
  BOOST_TEST(!r.body.contains("refresh_token"));
  BOOST_TEST((server.check(bearer(r), {"monitoring"}) == TokenCheck::ok));
  BOOST_TEST((server.check(bearer(r), {"control"}) == TokenCheck::insufficient_scope));
  BOOST_TEST((server.check("Bearer nope", {"monitoring"}) == TokenCheck::invalid));
  BOOST_TEST((server.check("", {"monitoring"}) == TokenCheck::missing));
}

BOOST_AUTO_TEST_CASE(basic_auth_is_accepted_for_the_client) {
  OAuthServer server(OAuthConfig{});
  Form form{{"grant_type", "client_credentials"}, {"scope", "monitoring"}};
  auto r = server.token(form, std::pair<std::string, std::string>{"sim-client", "sim-secret"});
  BOOST_TEST(r.status == 200u);
}

BOOST_AUTO_TEST_CASE(bad_client_unknown_scope_and_grant_are_refused) {
  OAuthServer server(OAuthConfig{});
  auto form = client_credentials();
  form["client_secret"] = "wrong";
  auto r = server.token(form, std::nullopt);
  BOOST_TEST(r.status == 401u);
  BOOST_TEST(r.body.at("error").as_string() == "invalid_client");
  r = server.token(client_credentials("monitoring billing"), std::nullopt);
  BOOST_TEST(r.status == 400u);
  BOOST_TEST(r.body.at("error").as_string() == "invalid_scope");
  form = client_credentials();
  form["grant_type"] = "password";
  r = server.token(form, std::nullopt);
  BOOST_TEST(r.status == 400u);
  BOOST_TEST(r.body.at("error").as_string() == "unsupported_grant_type");
}

BOOST_AUTO_TEST_CASE(refresh_tokens_rotate) {
  OAuthServer server(OAuthConfig{});
  Form form{{"grant_type", "refresh_token"},
            {"client_id", "sim-client"},
            {"client_secret", "sim-secret"},
            {"refresh_token", "sim-refresh-0"}};
  auto first = server.token(form, std::nullopt);
  BOOST_REQUIRE(first.status == 200u);
  const std::string next(first.body.at("refresh_token").as_string());
  BOOST_TEST(next != "sim-refresh-0");
  BOOST_TEST(server.refresh_generation() == 1u);
  // The old token stopped working the moment it was used.
  auto replay = server.token(form, std::nullopt);
  BOOST_TEST(replay.status == 400u);
  BOOST_TEST(replay.body.at("error").as_string() == "invalid_grant");
  form["refresh_token"] = next;
  BOOST_TEST(server.token(form, std::nullopt).status == 200u);
  BOOST_TEST(server.refresh_generation() == 2u);
}

BOOST_AUTO_TEST_CASE(authorization_code_gives_refresh_token_with_offline_access) {
  OAuthServer server(OAuthConfig{});
  BOOST_TEST(!server.authorize("someone-else", "monitoring").has_value());
  auto code = server.authorize("sim-client", "monitoring offline_access");
  BOOST_REQUIRE(code.has_value());
  Form form{{"grant_type", "authorization_code"},
            {"client_id", "sim-client"},
            {"client_secret", "sim-secret"},
            {"code", *code},
            {"scope", "monitoring offline_access"}};
  auto r = server.token(form, std::nullopt);
  BOOST_TEST(r.status == 200u);
  BOOST_TEST(r.body.contains("refresh_token"));
  BOOST_TEST(server.token(form, std::nullopt).status == 400u);  // codes are single-use
}

BOOST_AUTO_TEST_CASE(user_context_only_for_user_grants) {
  OAuthServer server(OAuthConfig{});
  auto machine = server.token(client_credentials(), std::nullopt);
  BOOST_TEST(
      (server.check(bearer(machine), {"management"}, true) == TokenCheck::user_context_required));
  Form form{{"grant_type", "refresh_token"},
            {"client_id", "sim-client"},
            {"client_secret", "sim-secret"},
            {"refresh_token", "sim-refresh-0"},
            {"scope", "management"}};
  auto user = server.token(form, std::nullopt);
  BOOST_TEST((server.check(bearer(user), {"management"}, true) == TokenCheck::ok));
}

BOOST_AUTO_TEST_CASE(tokens_expire_and_can_be_revoked) {
  OAuthConfig config;
  config.token_ttl = std::chrono::seconds(1);
  OAuthServer server(config);
  auto a = server.token(client_credentials(), std::nullopt);
  BOOST_TEST(a.body.at("expires_in").as_int64() == 1);
  auto b = server.token(client_credentials(), std::nullopt);
  BOOST_TEST(server.revoke_all() == 2u);
  BOOST_TEST((server.check(bearer(a), {"monitoring"}) == TokenCheck::invalid));
  auto c = server.token(client_credentials(), std::nullopt);
  BOOST_TEST((server.check(bearer(c), {"monitoring"}) == TokenCheck::ok));
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  BOOST_TEST((server.check(bearer(c), {"monitoring"}) == TokenCheck::invalid));
}

BOOST_AUTO_TEST_SUITE_END()
