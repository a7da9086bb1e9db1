// The SDK's JSON text writer: every string it writes parses back to the same string,
// escaped where JSON requires and copied whole elsewhere; every value it writes is JSON,
// a number beyond a double's range included.
#include <connector/sdk/json_text.hpp>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>

namespace json = boost::json;
using connector::sdk::append_json_string;
using connector::sdk::append_json_value;

namespace {

std::string written(std::string_view text) {
  std::string out = "prefix:";
  append_json_string(out, text);
  return out;
}

std::string written_value(const json::value& value) {
  std::string out;
  append_json_value(out, value);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_text)

BOOST_AUTO_TEST_CASE(plain_text_is_copied_whole) {
  BOOST_TEST(written("") == R"(prefix:"")");
  BOOST_TEST(written("role:7:member:user:101") == R"(prefix:"role:7:member:user:101")");
  BOOST_TEST(written("小明 王 Emoji 😀") == "prefix:\"小明 王 Emoji 😀\"");
}

BOOST_AUTO_TEST_CASE(quotes_backslashes_and_control_characters_are_escaped) {
  BOOST_TEST(written(R"(a"b)") == R"(prefix:"a\"b")");
  BOOST_TEST(written(R"(\)") == R"(prefix:"\\")");
  BOOST_TEST(written(std::string("\x01x\n\x1f", 4)) == R"(prefix:"\u0001x\u000a\u001f")");
  BOOST_TEST(written(std::string("end\0", 4)) == R"(prefix:"end\u0000")");
  BOOST_TEST(written("\"\"") == R"(prefix:"\"\"")");
}

BOOST_AUTO_TEST_CASE(every_string_parses_back_to_itself) {
  const std::string samples[] = {
      "",           "plain",          "\"leading",   "trailing\\",
      "mid\tdle",   "\x7f del stays", "ü ß 😀 \"q\"", std::string(300, '"'),
      "a\\\"b\r\nc"};
  for (const std::string& sample : samples) {
    std::string out;
    append_json_string(out, sample);
    BOOST_TEST(json::parse(out).as_string() == sample);
    std::string value;
    append_json_value(value, json::string(sample));
    BOOST_TEST(value == out);
  }
}

// Plain runs are found eight bytes at a time: a character to escape is found at every
// position of a word, in every one of the classes, and next to multi-byte UTF-8.
BOOST_AUTO_TEST_CASE(a_character_to_escape_is_found_at_any_position) {
  const std::string escaped[] = {"\"", "\\", "\x01", "\x1f", std::string(1, '\0')};
  for (const std::string& special : escaped) {
    for (std::size_t before = 0; before < 20; ++before) {
      const std::string sample = std::string(before, 'a') + special + "é" + std::string(9, 'z');
      std::string out;
      append_json_string(out, sample);
      BOOST_TEST(json::parse(out).as_string() == sample, "at " << before);
      BOOST_TEST(out.size() > sample.size() + 2, "escaped at " << before);
    }
  }
  // Bytes just outside each class are copied as they are.
  const std::string plain = std::string("\x20\x21\x23\x5b\x5d\x7f", 6) + "0123456789";
  std::string out;
  append_json_string(out, plain);
  BOOST_TEST(out == "\"" + plain + "\"");
}

BOOST_AUTO_TEST_CASE(every_value_is_written_as_boost_json_writes_it) {
  const json::value value =
      json::parse(R"({"s":"a\"b","t":true,"f":false,"n":null,"i":-7,"u":18446744073709551615,)"
                  R"("d":2.5,"e":1E-3,"a":[1,[],{},"x",null],"o":{"k":{"j":[0.5]}},"":""})");
  BOOST_TEST(written_value(value) == json::serialize(value));
  BOOST_TEST(written_value(json::parse("[]")) == "[]");
  BOOST_TEST(written_value(json::parse("{}")) == "{}");
}

// Boost.JSON 1.81 reads 1e400 as an infinity and 0e999 as NaN, and serialize() writes
// them as `Infinity` and `NaN`, which no JSON parser takes: an item holding one would be
// refused whole.
BOOST_AUTO_TEST_CASE(a_number_beyond_a_doubles_range_is_written_as_null) {
  const json::value read =
      json::parse(R"({"phone":1e400,"list":[-1e400,1,0e999],"deep":{"x":1e999}})");
  BOOST_REQUIRE(std::isinf(read.at("phone").as_double()));
  BOOST_REQUIRE(std::isnan(read.at("list").at(2).as_double()));  // zero times infinity
  BOOST_TEST(written_value(read) == R"({"phone":null,"list":[null,1,null],"deep":{"x":null}})");
  BOOST_TEST(written_value(json::value(1e308 * 10)) == "null");
  BOOST_TEST(written_value(json::value(-1.5e308 * 10)) == "null");
  BOOST_TEST(written_value(json::value(1.5)) == "1.5E0");
  for (const json::value& value : {read, read.at("list"), read.at("deep")}) {
    boost::system::error_code ec;
    json::parse(written_value(value), ec);
    BOOST_TEST(!ec, written_value(value));
  }
}

BOOST_AUTO_TEST_SUITE_END()
