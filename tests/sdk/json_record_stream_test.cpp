// JsonArrayStream's record mode: each element read as the members a shape names,
// the rest checked and dropped. Fed in random pieces, as a network would feed it.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include <connector/sdk/json_array_stream.hpp>

#include "feed_in_pieces.hpp"

using connector::sdk::ElementLimits;
using connector::sdk::JsonArrayStream;
using connector::sdk::JsonRecord;
using connector::sdk::MalformedJson;
using connector::sdk::OversizedElement;
using connector::sdk::RecordShape;
namespace json = boost::json;

namespace {

// A record kept past its call: whether it was an object, and copies of its members.
struct Kept {
  bool is_object = false;
  std::vector<std::optional<json::value>> members;
};

Kept keep(const JsonRecord& record, const RecordShape& shape) {
  Kept kept{record.is_object(), {}};
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const json::value* member = record.member(i);
    kept.members.push_back(member ? std::optional(json::value(*member, {})) : std::nullopt);
  }
  return kept;
}

std::vector<Kept> read_records(const std::string& text, const RecordShape& shape,
                               std::mt19937& random, std::size_t max_piece) {
  std::vector<Kept> records;
  JsonArrayStream stream(shape, [&](const JsonRecord& r) { records.push_back(keep(r, shape)); });
  sdk_test::feed_in_pieces(stream, text, random, max_piece);
  BOOST_TEST(stream.seen() == records.size());
  return records;
}

// Each record holds exactly what its parsed element holds under the shape's names.
void check_against_parse(const std::vector<Kept>& records, const std::string& text,
                         const RecordShape& shape) {
  const json::array expected = json::parse(text).as_array();
  BOOST_REQUIRE_EQUAL(records.size(), expected.size());
  for (std::size_t e = 0; e < expected.size(); ++e) {
    BOOST_REQUIRE(records[e].is_object == expected[e].is_object());
    for (std::size_t i = 0; i < shape.size(); ++i) {
      const json::object* object = expected[e].if_object();
      const json::value* member = object ? object->if_contains(shape.name(i)) : nullptr;
      BOOST_REQUIRE_MESSAGE(records[e].members[i].has_value() == (member != nullptr),
                            "element " << e << ", member " << shape.name(i));
      if (member != nullptr) BOOST_REQUIRE(*records[e].members[i] == *member);
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_record_stream)

BOOST_AUTO_TEST_CASE(a_record_holds_the_named_members_as_parsing_gives_them) {
  // Scalars of every kind, escapes (in a name too: \u0069d is id), nesting inside a
  // named member and outside one, long strings in parts, elements that are no object.
  json::array array;
  for (int i = 0; i < 30; ++i) {
    json::object user;
    user["id"] = i == 0 ? 2147483647 : i;
    user["firstName"] = "Zoë \"quoted\" \\ 山田 " + std::string(i % 4 * 700, 'x');
    user["email"] = i % 3 == 0 ? json::value(nullptr) : json::value("u@example.com");
    user["enabled"] = i % 2 == 0;
    user["score"] = 0.25 + i;
    user["big"] = std::uint64_t(18446744073709551615ull);
    user["deviceIds"] = json::array{1, 2, json::object{{"id", "not the user's"}}};
    user["roles"] = json::array{"a", json::array{}, json::object{{"k", json::array{1}}}};
    if (i % 5 == 0) user.erase("email");
    array.push_back(user);
    array.push_back(i);
    array.push_back(json::array{json::object{{"id", 99}}});
  }
  std::string text = json::serialize(array);
  // A name written with an escape, and a member given twice (parsing keeps the last).
  text.insert(1, R"({"\u0069d":7,"email":"first@x","email":"last@x","deviceIds":[]},)");

  const RecordShape shape(
      {"id", "firstName", "email", "enabled", "score", "big", "roles", "missing"});
  std::mt19937 random(99);
  for (const std::size_t max_piece : {1u, 3u, 64u, 1000000u}) {
    const auto records = read_records(text, shape, random, max_piece);
    check_against_parse(records, text, shape);
    BOOST_TEST(*records[0].members[0] == json::value(7));
    BOOST_TEST(*records[0].members[2] == json::value("last@x"));
    BOOST_TEST(!records[0].members[7].has_value());  // not in any element
  }
}

BOOST_AUTO_TEST_CASE(members_not_named_are_still_checked_as_json) {
  const RecordShape shape({"id"});
  for (const char* bad : {R"([{"id":1,"other":[1,}])", R"([{"id":1,"other":"\x"}])",
                          R"([{"id":1,"other":tru}])", R"({"id":1})"}) {
    JsonArrayStream stream(shape, [](const JsonRecord&) {});
    BOOST_CHECK_THROW(
        {
          stream.write(bad);
          stream.finish();
        },
        MalformedJson);
  }
}

BOOST_AUTO_TEST_CASE(the_limits_count_members_not_named_too) {
  // A member the reader never sees still takes the parser's time and could be absurd:
  // the element is refused as a whole element would be.
  const ElementLimits limits{.max_element_bytes = 1 << 20, .max_string_bytes = 1000};
  const std::string text =
      R"([{"id":1},{"id":2,"notes":")" + std::string(1001, 'a') + R"("},{"id":3}])";
  std::size_t delivered = 0;
  const RecordShape shape({"id"});
  JsonArrayStream stream(
      shape, [&](const JsonRecord&) { ++delivered; }, limits);
  try {
    stream.write(text);
    stream.finish();
    BOOST_FAIL("no limit was hit");
  } catch (const OversizedElement& e) {
    BOOST_TEST(std::string(e.what()) ==
               "element 2 of the array holds a string longer than 1000 bytes, the client's "
               "limit for one string");
  }
  BOOST_TEST(delivered == 1u);
}

BOOST_AUTO_TEST_CASE(a_restarted_document_skips_the_records_handed_over) {
  const RecordShape shape({"id"});
  std::vector<std::int64_t> ids;
  JsonArrayStream stream(shape,
                         [&](const JsonRecord& r) { ids.push_back(r.member(0)->as_int64()); });
  stream.write(R"([{"id":1},{"id":2,"x":[1,2]},{"id":3)");  // the connection breaks here
  BOOST_TEST(stream.delivered() == 2u);
  stream.restart();
  stream.write(R"([{"id":1},{"id":2,"x":[1,2]},{"id":3},{"id":4}])");
  stream.finish();
  BOOST_TEST(ids == (std::vector<std::int64_t>{1, 2, 3, 4}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_member_copied_out_outlives_its_record) {
  // Copied with the heap as its storage it is the caller's; the record's own arena is
  // recycled for the next element all the same.
  const RecordShape shape({"name", "tags"});
  std::vector<json::value> names;
  JsonArrayStream stream(shape, [&](const JsonRecord& r) {
    names.emplace_back(*r.member(0), json::storage_ptr());
    names.emplace_back(*r.member(1), json::storage_ptr());
  });
  stream.write(R"([{"name":"a","tags":["x",{"y":1}]},{"name":"b","tags":[]}])");
  stream.finish();
  BOOST_TEST(json::serialize(json::array(names.begin(), names.end())) ==
             R"(["a",["x",{"y":1}],"b",[]])");
}

BOOST_AUTO_TEST_SUITE_END()
