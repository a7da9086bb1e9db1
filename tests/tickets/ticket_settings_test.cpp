// Unit tests of the ticket template and settings: rendering, placeholder checks,
// subject truncation, the status map, expiry, and the config refusals of ticket mode.
#define BOOST_TEST_MODULE ticket_settings
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <connector/sdk.hpp>
#include <connector/sdk/config_reader.hpp>

#include "config.hpp"
#include "tickets/ticket_settings.hpp"
#include "tickets/ticket_template.hpp"

namespace json = boost::json;
using namespace ninjaone;
using namespace ninjaone::tickets;

namespace {

// The message of the config error `config` raises; "" when it parses.
std::string config_error(const json::object& config) {
  try {
    parse_config(json::serialize(config));
  } catch (const connector::sdk::Error& e) {
    return e.what();
  }
  return "";
}

// config.ticket `ticket_json` as the plugin reads it: checked with the whole config
// against the schema, then read.
TicketSettings parse_ticket_settings(std::string_view ticket_json) {
  const json::object config{
      {"client_id", "id"}, {"client_secret", "secret"}, {"ticket", json::parse(ticket_json)}};
  const connector::sdk::ConfigReader reader(config_schema(), json::serialize(config));
  return read_ticket_settings(*reader.object("ticket"));
}

json::object ticket_mode_config(std::string_view auth) {
  json::object config{{"base_url", "https://ninja.example"},
                      {"client_id", "id"},
                      {"client_secret", "secret"},
                      {"auth", auth},
                      {"provisioning_mode", "ticket"},
                      {"ticket", {{"organization_id", 3}, {"ticket_form_id", 1}}}};
  if (auth == "refresh_token") config["refresh_token"] = "rt";
  return config;
}

}  // namespace

BOOST_AUTO_TEST_CASE(placeholders_are_replaced_and_braces_escaped) {
  const std::map<std::string, std::string> values{
      {"operation", "grant"}, {"role_name", "Help desk"}, {"principal_name", "Ada Lovelace"}};
  BOOST_TEST(render_template("{operation} \"{role_name}\" for {principal_name} {{x}}", values) ==
             "grant \"Help desk\" for Ada Lovelace {x}");
  // A known placeholder without a value renders empty.
  BOOST_TEST(render_template("<{principal_email}>", values) == "<>");
}

BOOST_AUTO_TEST_CASE(unknown_or_unclosed_placeholders_are_found) {
  BOOST_TEST(!find_bad_placeholder("{operation} {requester} {{literal}}").has_value());
  BOOST_TEST(find_bad_placeholder("for {princpal_name}").value() == "{princpal_name}");
  BOOST_TEST(find_bad_placeholder("for {principal").value() == "{principal");
}

BOOST_AUTO_TEST_CASE(a_long_subject_is_cut_on_a_code_point_with_an_ellipsis) {
  BOOST_TEST(truncate_with_ellipsis("short", 200) == "short");
  const std::string exactly(200, 'a');
  BOOST_TEST(truncate_with_ellipsis(exactly, 200) == exactly);
  // 99 two-byte letters (198 bytes) then ASCII: the cut must not split an "é".
  std::string accented;
  for (int i = 0; i < 99; ++i) accented += "\xC3\xA9";
  accented += "tail";
  const std::string cut = truncate_with_ellipsis(accented, 200);
  BOOST_TEST(cut.size() <= 200u);
  BOOST_TEST(cut.ends_with("\xC3\xA9\xE2\x80\xA6"));
  BOOST_TEST(cut.size() == 196u + 3u);  // 98 whole letters, then the ellipsis
  // Less room than the ellipsis takes: cut bare, still never inside a letter.
  BOOST_TEST(truncate_with_ellipsis("a\xC3\xA9z", 2) == "a");
  BOOST_TEST(truncate_with_ellipsis("\xC3\xA9\xC3\xA9", 1) == "");
  BOOST_TEST(truncate_with_ellipsis("abcd", 0) == "");
}

BOOST_AUTO_TEST_CASE(settings_have_defaults_and_the_status_map_overrides_them) {
  const TicketSettings s = parse_ticket_settings(
      R"({"organization_id":3,"ticket_form_id":1,"tags":["access"],
          "status_map":{"closed":"rejected","VENDOR_HOLD":"pending"},"expire_after":"12h"})");
  BOOST_TEST(s.organization_id == 3);
  BOOST_TEST(s.type == "SERVICE_REQUEST");
  BOOST_TEST(s.confirm_after_done);
  BOOST_TEST(s.tags == std::vector<std::string>{"access"});
  BOOST_TEST((s.status_map.at("NEW") == OperationState::open));
  BOOST_TEST((s.status_map.at("WAITING") == OperationState::pending));
  BOOST_TEST((s.status_map.at("RESOLVED") == OperationState::done));
  BOOST_TEST((s.status_map.at("CLOSED") == OperationState::rejected));
  BOOST_TEST((s.status_map.at("VENDOR_HOLD") == OperationState::pending));
  BOOST_TEST(s.expire_after.count() == 12 * 3600);
  BOOST_TEST((default_status_map().at("CLOSED") == OperationState::done));
}

BOOST_AUTO_TEST_CASE(expiry_takes_a_count_and_a_unit) {
  BOOST_TEST(parse_expiry("7d").value().count() == 7 * 86400);
  BOOST_TEST(parse_expiry("45s").value().count() == 45);
  for (const char* bad : {"", "d", "0d", "-1h", "7w", "1.5h", "7 d"}) {
    BOOST_TEST(!parse_expiry(bad).has_value(), bad);
  }
}

BOOST_AUTO_TEST_CASE(bad_settings_are_refused_naming_the_field) {
  const auto error = [](std::string_view text) {
    try {
      parse_ticket_settings(text);
    } catch (const connector::sdk::Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  BOOST_TEST(error(R"({"ticket_form_id":1})").starts_with("config.ticket.organization_id"));
  BOOST_TEST(error(R"({"organization_id":3,"ticket_form_id":1,"subject_template":"{who}"})")
                 .find("unknown placeholder {who}") != std::string::npos);
  BOOST_TEST(error(R"({"organization_id":3,"ticket_form_id":1,"status_map":{"NEW":"maybe"}})")
                 .starts_with("config.ticket.status_map.NEW"));
  BOOST_TEST(error(R"({"organization_id":3,"ticket_form_id":1,"priority":"URGENT"})")
                 .starts_with("config.ticket.priority"));
  BOOST_TEST(error(R"({"organization_id":3,"ticket_form_id":1,"colour":"red"})")
                 .starts_with("config.ticket.colour"));
}

BOOST_AUTO_TEST_CASE(ticket_mode_needs_a_user_context_token_and_a_template) {
  BOOST_TEST(config_error(ticket_mode_config("refresh_token")) == "");
  BOOST_TEST(config_error(ticket_mode_config("client_credentials"))
                 .find("provisioning.mode \"ticket\" needs auth \"refresh_token\": NinjaOne "
                       "refuses to create tickets with a client-credentials token "
                       "(user_context_required)") != std::string::npos);
  json::object without_template = ticket_mode_config("refresh_token");
  without_template.erase("ticket");
  BOOST_TEST(config_error(without_template).starts_with("config.ticket: is required"));
  // Direct mode keeps working with client credentials, template or not.
  json::object direct = ticket_mode_config("client_credentials");
  direct["provisioning_mode"] = "direct";
  BOOST_TEST(config_error(direct) == "");
  BOOST_TEST(parse_config(json::serialize(direct)).provisioning_mode == "direct");
}
