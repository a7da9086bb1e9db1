// The streaming array parser, fed as a network would feed it: in random pieces.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <random>
#include <string>
#include <vector>

#include <connector/sdk/json_array_stream.hpp>

#include "feed_in_pieces.hpp"

using connector::sdk::ElementLimits;
using connector::sdk::JsonArrayStream;
using connector::sdk::MalformedJson;
using connector::sdk::OversizedElement;
namespace json = boost::json;

namespace {

// A document with every kind of JSON value, nesting, escapes and non-ASCII text.
std::string sample_document(int elements) {
  json::array array;
  for (int i = 0; i < elements; ++i) {
    json::object user;
    user["id"] = i == 0 ? 2147483647 : i;
    user["firstName"] = "Zoë \"quoted\" \\ 山田 " + std::to_string(i);
    user["email"] =
        i % 3 == 0 ? json::value(nullptr) : json::value("u" + std::to_string(i) + "@example.com");
    user["enabled"] = i % 2 == 0;
    user["createTime"] = 1700000000.25 + i;
    user["big"] = std::uint64_t(18446744073709551615ull);
    user["negative"] = -i;
    user["roles"] = json::array{"a", json::array{}, json::object{}, json::array{1, json::array{2}}};
    array.push_back(user);
    array.push_back(i);  // scalars are elements too
    array.push_back(
        json::string(std::string(i % 5 * 1000, 'x')));  // long strings split across pieces
  }
  return json::serialize(array);
}

std::vector<json::value> parse_in_pieces(const std::string& text, std::mt19937& random,
                                         std::size_t max_piece) {
  std::vector<json::value> items;
  JsonArrayStream stream([&](json::value&& v) { items.push_back(std::move(v)); });
  sdk_test::feed_in_pieces(stream, text, random, max_piece);
  BOOST_TEST(stream.seen() == items.size());
  return items;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_array_stream)

BOOST_AUTO_TEST_CASE(random_pieces_give_exactly_the_elements) {
  const std::string text = sample_document(40);
  const json::array expected = json::parse(text).as_array();
  std::mt19937 random(1234);
  for (std::size_t max_piece : {1u, 2u, 7u, 100u, 5000u, 1000000u}) {
    const auto items = parse_in_pieces(text, random, max_piece);
    BOOST_REQUIRE_EQUAL(items.size(), expected.size());
    for (std::size_t i = 0; i < items.size(); ++i) BOOST_REQUIRE(items[i] == expected[i]);
  }
}

BOOST_AUTO_TEST_CASE(empty_arrays_and_whitespace) {
  std::mt19937 random(1);
  BOOST_TEST(parse_in_pieces("[]", random, 1).empty());
  BOOST_TEST(parse_in_pieces(" \n[ ]\r\n ", random, 3).empty());
  BOOST_TEST(parse_in_pieces("[ 1 , \"a\" ]\n", random, 2).size() == 2u);
}

BOOST_AUTO_TEST_CASE(elements_are_handed_over_before_the_document_ends) {
  std::vector<json::value> items;
  JsonArrayStream stream([&](json::value&& v) { items.push_back(std::move(v)); });
  stream.write(R"([{"id":1},{"id":2},{"id")");
  BOOST_TEST(items.size() == 2u);
  stream.write(R"(:3}])");
  stream.finish();
  BOOST_TEST(items.size() == 3u);
}

BOOST_AUTO_TEST_CASE(anything_but_an_array_is_refused) {
  for (const char* bad :
       {R"({"id":1})", "42", "\"text\"", "null", "[1,2", "[1,]", "[1] [2]", "<html>"}) {
    JsonArrayStream stream([](json::value&&) {});
    BOOST_CHECK_THROW(
        {
          stream.write(bad);
          stream.finish();
        },
        MalformedJson);
  }
}

BOOST_AUTO_TEST_CASE(a_restarted_document_skips_what_was_handed_over) {
  std::vector<std::int64_t> ids;
  JsonArrayStream stream([&](json::value&& v) { ids.push_back(v.at("id").as_int64()); });
  stream.write(R"([{"id":1},{"id":2},{"id":3)");  // the connection breaks here
  BOOST_TEST(stream.delivered() == 2u);
  stream.restart();
  stream.write(R"([{"id":1},{"id":2},{"id":3},{"id":4}])");
  stream.finish();
  BOOST_TEST(ids == (std::vector<std::int64_t>{1, 2, 3, 4}), boost::test_tools::per_element());
  BOOST_TEST(stream.seen() == 4u);
}

// A body that ends inside a number (HTTP framing complete, JSON cut) is incomplete, and
// the number in it is not an element: a retry must hand over the whole one.
BOOST_AUTO_TEST_CASE(a_number_cut_by_the_end_of_the_body_is_not_handed_over) {
  std::vector<std::int64_t> ids;
  JsonArrayStream stream([&](json::value&& v) { ids.push_back(v.as_int64()); });
  stream.write("[101,102,10");
  BOOST_CHECK_THROW(stream.finish(), MalformedJson);
  BOOST_TEST(stream.delivered() == 2u);
  stream.restart();
  stream.write("[101,102,103]");
  stream.finish();
  BOOST_TEST(ids == (std::vector<std::int64_t>{101, 102, 103}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_consumer_may_keep_elements_after_the_stream_is_gone) {
  const std::string text = sample_document(60);
  const json::array expected = json::parse(text).as_array();
  std::vector<json::value> kept;
  {
    // Kept whole (moved), kept in part (a member moved out), or dropped: the arenas
    // still in use stay alive with what was kept, the others are recycled.
    std::size_t n = 0;
    JsonArrayStream stream([&](json::value&& v) {
      if (n % 3 == 0) kept.push_back(std::move(v));
      if (n % 3 == 1 && v.is_object()) kept.push_back(std::move(v.as_object()["firstName"]));
      ++n;
    });
    for (std::size_t at = 0; at < text.size(); at += 100) {
      stream.write(std::string_view(text).substr(at, 100));
    }
    stream.finish();
  }
  std::size_t k = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (i % 3 == 0) BOOST_REQUIRE(kept.at(k++) == expected[i]);
    if (i % 3 == 1 && expected[i].is_object()) {
      BOOST_REQUIRE(kept.at(k++) == expected[i].at("firstName"));
    }
  }
  BOOST_TEST(k == kept.size());
}

BOOST_AUTO_TEST_CASE(an_exception_from_the_consumer_propagates_unchanged) {
  struct Stop {};
  JsonArrayStream stream([](json::value&& v) {
    if (v.as_int64() == 2) throw Stop{};
  });
  BOOST_CHECK_THROW(stream.write("[1,2,3]"), Stop);
}

// The message of the OversizedElement `text`, fed in pieces of `piece` bytes, throws.
std::string oversized(const std::string& text, ElementLimits limits, std::size_t piece,
                      std::size_t* delivered = nullptr) {
  std::size_t n = 0;
  JsonArrayStream stream([&](json::value&&) { ++n; }, limits);
  try {
    for (std::size_t at = 0; at < text.size(); at += piece) {
      stream.write(std::string_view(text).substr(at, piece));
    }
    stream.finish();
  } catch (const OversizedElement& e) {
    if (delivered != nullptr) *delivered = n;
    return e.what();
  }
  BOOST_FAIL("no limit was hit");
  return {};
}

BOOST_AUTO_TEST_CASE(a_string_past_its_limit_stops_the_parse_naming_the_element) {
  const ElementLimits limits{.max_element_bytes = 1 << 20, .max_string_bytes = 1000};
  const std::string fits = R"([{"name":")" + std::string(1000, 'a') + R"("}])";
  JsonArrayStream stream([](json::value&&) {}, limits);
  stream.write(fits);
  stream.finish();
  BOOST_TEST(stream.seen() == 1u);

  const std::string text =
      R"([{"id":1},{"id":2,"name":")" + std::string(1001, 'a') + R"("},{"id":3}])";
  for (const std::size_t piece : {std::size_t{7}, std::size_t{100000}}) {  // in parts, or whole
    std::size_t delivered = 0;
    const std::string message = oversized(text, limits, piece, &delivered);
    BOOST_TEST(message ==
               "element 2 of the array holds a string longer than 1000 bytes, the "
               "client's limit for one string");
    BOOST_TEST(delivered == 1u);  // the elements before it were handed over
  }
  // A key counts as a string too.
  BOOST_TEST(oversized(R"([{")" + std::string(2000, 'k') + R"(":1}])", limits, 64)
                 .find("holds a string longer than") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_element_past_its_limit_stops_the_parse_whatever_it_is_made_of) {
  const ElementLimits limits{.max_element_bytes = 64 * 1024, .max_string_bytes = 64 * 1024};
  // Many small strings, and many small numbers: each value counts, not only the text.
  json::array strings;
  for (int i = 0; i < 400; ++i) strings.push_back(json::string(std::string(200, 's')));
  std::string numbers = "[[";
  for (int i = 0; i < 10000; ++i) numbers += i == 0 ? "0" : ",0";
  numbers += "]]";
  for (const std::string& text : {json::serialize(json::array{1, strings}), numbers}) {
    BOOST_TEST(oversized(text, limits, 4096) ==
               "element " + std::string(text == numbers ? "1" : "2") +
                   " of the array is larger than 65536 bytes, the client's limit for one element");
  }
  // A limit in whole mebibytes is said so: 100,000 zeros take 1.6 MB once parsed.
  std::string zeros = "[[0";
  for (int i = 1; i < 100000; ++i) zeros += ",0";
  zeros += "]]";
  BOOST_TEST(oversized(zeros, {.max_element_bytes = 1 << 20}, 65536) ==
             "element 1 of the array is larger than 1 MiB, the client's limit for one element");
}

BOOST_AUTO_TEST_CASE(the_count_starts_again_with_every_element) {
  // Ten elements of 40 KiB each pass a 64 KiB limit: only one is in memory at a time.
  const ElementLimits limits{.max_element_bytes = 64 * 1024, .max_string_bytes = 64 * 1024};
  json::array array;
  for (int i = 0; i < 10; ++i) array.push_back(json::object{{"blob", std::string(40000, 'b')}});
  std::size_t n = 0;
  JsonArrayStream stream([&](json::value&&) { ++n; }, limits);
  const std::string text = json::serialize(array);
  for (std::size_t at = 0; at < text.size(); at += 3000) {
    stream.write(std::string_view(text).substr(at, 3000));
  }
  stream.finish();
  BOOST_TEST(n == 10u);
}

BOOST_AUTO_TEST_SUITE_END()
