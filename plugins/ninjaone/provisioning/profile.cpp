#include "provisioning/profile.hpp"

#include <boost/beast/http/verb.hpp>
#include <boost/json/parse.hpp>
#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <memory>
#include <string>

#include "profile_schema.hpp"

namespace ninjaone::provisioning {
namespace {

namespace json = boost::json;
using connector::sdk::Error;

// Parsed once; valijson schemas are read-only while validating, so calls share it.
const valijson::Schema& compiled_schema() {
  static const std::unique_ptr<const valijson::Schema> schema = [] {
    const json::value document = json::parse(kProfileSchemaJson);
    auto parsed = std::make_unique<valijson::Schema>();
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::BoostJsonAdapter adapter(document);
    parser.populateSchema(adapter, *parsed);
    return parsed;
  }();
  return *schema;
}

// valijson's context {"<root>", "[organizationId]"} → "profile.organizationId".
std::string field_path(const std::vector<std::string>& context) {
  std::string path = "profile";
  for (const std::string& part : context) {
    if (part == "<root>" || part.size() < 2) continue;
    path += "." + part.substr(1, part.size() - 2);
  }
  return path;
}

// The most specific violation (the deepest field), as the host reports config errors.
[[noreturn]] void refuse(const valijson::ValidationResults& results) {
  std::string best;
  std::size_t best_depth = 0;
  for (const auto& error : results) {
    const std::string where = field_path(error.context);
    if (best.empty() || error.context.size() > best_depth) {
      best = where + ": " + error.description;
      best_depth = error.context.size();
    }
  }
  throw Error(CONN_INVALID_ARGUMENT,
              best + " (the profile's JSON Schema is in the NinjaOne plugin's README)");
}

}  // namespace

std::string_view profile_schema() { return kProfileSchemaJson; }

NewUser new_user(std::string_view profile_json) {
  boost::system::error_code ec;
  json::value profile = json::parse(profile_json, ec);
  if (ec || !profile.is_object()) {
    throw Error(CONN_INVALID_ARGUMENT, "profile: must be a JSON object");
  }
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::BoostJsonAdapter target(profile);
  if (!validator.validate(compiled_schema(), target, &results)) refuse(results);

  json::object body = std::move(profile.get_object());
  const UserKind kind = *parse_type_name(body.at("userType").get_string());
  body.erase("userType");
  if (kind == UserKind::technician) {
    return {kind, {boost::beast::http::verb::post, "/v2/user/technicians", json::value(body)}};
  }
  // sendInvitation is a query parameter, not a body field.
  const json::value* invite = body.if_contains("sendInvitation");
  const bool send_invitation = invite != nullptr && invite->get_bool();
  body.erase("sendInvitation");
  return {kind,
          {boost::beast::http::verb::post,
           std::string("/v2/user/end-users?sendInvitation=") + (send_invitation ? "true" : "false"),
           json::value(body)}};
}

}  // namespace ninjaone::provisioning
