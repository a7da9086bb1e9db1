#include "manifest/json_text.hpp"

#include <boost/test/unit_test.hpp>

#include "manifest/duration.hpp"

using connector::host::manifest::JsonSyntaxError;
using connector::host::manifest::parse_duration;
using connector::host::manifest::parse_json_text;

BOOST_AUTO_TEST_SUITE(json_text)

BOOST_AUTO_TEST_CASE(parses_valid_text) {
  const auto value = parse_json_text(R"({"a": [1, 2]})");
  BOOST_TEST(value.at("a").as_array().size() == 2u);
}

BOOST_AUTO_TEST_CASE(error_points_at_line_and_column) {
  try {
    parse_json_text("{\n  \"a\": 1,\n  \"b\" 2\n}");
    BOOST_FAIL("no error");
  } catch (const JsonSyntaxError& e) {
    BOOST_TEST(e.line() == 3u);
    BOOST_TEST(e.column() == 7u);
    BOOST_TEST(std::string(e.what()) == "3:7: syntax error: unexpected text");
  }
}

// A manifest may hold a secret written literally, or one a user forgot to quote; the
// secret store holds nothing else. An error names the place, never the bytes.
BOOST_AUTO_TEST_CASE(error_never_quotes_the_text) {
  for (const std::string text :
       {"{\"api_key\": k-UNQUOTED-SECRET-1}", "{\"api_key\": \"k-SECRET-2\" \"k-SECRET-3\"}",
        "{\"api_key\": \"k-SECRET-4\n\"}", "{\"api_key\": \"k-SECRET-5"}) {
    try {
      parse_json_text(text);
      BOOST_FAIL("no error for " << text);
    } catch (const JsonSyntaxError& e) {
      const std::string message = e.what();
      BOOST_TEST(message.find("SECRET") == std::string::npos, message);
      BOOST_TEST(message.find("k-") == std::string::npos, message);
      BOOST_TEST(message.find("syntax error") != std::string::npos, message);
    }
  }
}

BOOST_AUTO_TEST_CASE(truncated_text_points_at_its_end) {
  try {
    parse_json_text("{\"a\": [1,\n");
    BOOST_FAIL("no error");
  } catch (const JsonSyntaxError& e) {
    BOOST_TEST(e.line() == 2u);
    BOOST_TEST(e.column() == 1u);
    BOOST_TEST(std::string(e.what()).find("incomplete") != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_CASE(trailing_garbage_is_an_error) {
  BOOST_CHECK_THROW(parse_json_text("{} x"), JsonSyntaxError);
}

BOOST_AUTO_TEST_CASE(durations) {
  BOOST_TEST(parse_duration("90s")->count() == 90);
  BOOST_TEST(parse_duration("5m")->count() == 300);
  BOOST_TEST(parse_duration("1h")->count() == 3600);
  BOOST_TEST(parse_duration("2d")->count() == 172800);
  // Zero is a duration, with or without a unit; whether a field takes it is the field's call.
  for (const char* zero : {"0", "0s", "0m", "0h", "0d", "00s"}) {
    BOOST_TEST(parse_duration(zero).value().count() == 0, zero);
  }
  for (const char* bad : {"", "s", "10", "-5m", "+5m", "-0s", "5x", "1.5h", "5 m", "0x", " 0"}) {
    BOOST_TEST(!parse_duration(bad).has_value(), bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()
