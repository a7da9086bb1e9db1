// The JSON field readers: optional_* read absent or mistyped fields of API data as
// absent; require_* refuse them, naming the field.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <connector/sdk.hpp>
#include <connector/sdk/json_fields.hpp>

#include <string>

namespace json = boost::json;
namespace sdk = connector::sdk;

namespace {

const json::object kUser =
    json::parse(
        R"({"name":"Ada","admin":true,"id":7,"big":18446744073709551615,"score":1.5,"code":5,
        "tags":["x"],"profile":{"city":"Paris"},"nothing":null})")
        .as_object();

std::string refusal_of(void (*read)()) {
  try {
    read();
  } catch (const sdk::Error& e) {
    BOOST_TEST(e.status() == CONN_INVALID_ARGUMENT);
    return e.what();
  }
  return "accepted";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_fields)

BOOST_AUTO_TEST_CASE(optional_readers_answer_absent_for_missing_or_mistyped_fields) {
  BOOST_TEST(sdk::optional_string(kUser, "name").value() == "Ada");
  BOOST_TEST(!sdk::optional_string(kUser, "id").has_value());  // a number, not a string
  BOOST_TEST(!sdk::optional_string(kUser, "absent").has_value());
  BOOST_TEST(!sdk::optional_string(kUser, "nothing").has_value());
  BOOST_TEST(sdk::optional_bool(kUser, "admin").value());
  BOOST_TEST(!sdk::optional_bool(kUser, "name").has_value());
  BOOST_TEST(sdk::optional_int64(kUser, "id").value() == 7);
  BOOST_TEST(!sdk::optional_int64(kUser, "big").has_value());    // past int64
  BOOST_TEST(!sdk::optional_int64(kUser, "score").has_value());  // not whole
  BOOST_TEST(sdk::optional_string_or_number(kUser, "code").value() == "5");
  BOOST_TEST(sdk::optional_string_or_number(kUser, "name").value() == "Ada");
  BOOST_TEST(!sdk::optional_string_or_number(kUser, "tags").has_value());
  // The value-pointer forms read a member found in one pass over the object.
  BOOST_TEST(sdk::string_value(kUser.if_contains("name")).value() == "Ada");
  BOOST_TEST(!sdk::string_value(nullptr).has_value());
}

BOOST_AUTO_TEST_CASE(required_readers_refuse_naming_the_field) {
  BOOST_TEST(sdk::require_string(kUser, "name", "profile") == "Ada");
  BOOST_TEST(sdk::require_int64(kUser, "id", "profile") == 7);
  BOOST_TEST(sdk::require_object(kUser, "profile", "user").at("city") == "Paris");
  BOOST_TEST(refusal_of([] { sdk::require_string(kUser, "email", "profile"); }) ==
             "profile.email: is required");
  BOOST_TEST(refusal_of([] { sdk::require_string(kUser, "id", "profile"); }) ==
             "profile.id: must be a string");
  BOOST_TEST(refusal_of([] { sdk::require_int64(kUser, "score", "profile"); }) ==
             "profile.score: must be an integer");
  BOOST_TEST(refusal_of([] { sdk::require_object(kUser, "tags", ""); }) ==
             "tags: must be an object");
}

BOOST_AUTO_TEST_SUITE_END()
