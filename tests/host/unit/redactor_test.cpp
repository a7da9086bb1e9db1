#include "log/redactor.hpp"

#include <boost/test/unit_test.hpp>

using connector::host::log::Redactor;

BOOST_AUTO_TEST_SUITE(redactor)

BOOST_AUTO_TEST_CASE(masks_every_occurrence) {
  Redactor redactor;
  redactor.add("s3cret");
  BOOST_TEST(redactor.redact("a s3cret and s3cret again") == "a [REDACTED] and [REDACTED] again");
  BOOST_TEST(redactor.redact("nothing here") == "nothing here");
}

BOOST_AUTO_TEST_CASE(masks_the_json_escaped_spelling) {
  Redactor redactor;
  redactor.add(R"(pa"ss\word)");
  // How the value looks inside serialized JSON.
  BOOST_TEST(redactor.redact(R"({"k":"pa\"ss\\word"})") == R"({"k":"[REDACTED]"})");
}

BOOST_AUTO_TEST_CASE(longer_secret_masked_whole_when_it_contains_a_shorter_one) {
  Redactor redactor;
  redactor.add("abc");
  redactor.add("xxabcxx");
  BOOST_TEST(redactor.redact("<xxabcxx> <abc>") == "<[REDACTED]> <[REDACTED]>");
}

BOOST_AUTO_TEST_CASE(empty_value_is_ignored) {
  Redactor redactor;
  redactor.add("");
  BOOST_TEST(redactor.empty());
  BOOST_TEST(redactor.redact("text") == "text");
}

BOOST_AUTO_TEST_SUITE_END()
