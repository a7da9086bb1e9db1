// Fuzz target: a NinjaOne list answer (users, roles, organizations, ticket settings...)
// streamed through the plugin's JsonArrayStream in pieces of fuzzer-chosen sizes, and
// every element through the resource mappings of plugins/ninjaone/resources/ and the
// ticket settings and templates of plugins/ninjaone/tickets/.
//
// Input: 1 byte options, 1 byte ticket subject limit, 2 bytes piece sizes, then the body.
//
// Beyond "no crash":
//  - the stream agrees with boost::json::parse of the whole body: it hands over exactly
//    the elements of a body that is a JSON array, and refuses any other body; after a
//    retry (restart) each element is still handed over once, in order;
//  - elements kept past on_item (which keeps their arena alive) stay intact;
//  - the same body read as records of the users' shape (what a users listing does)
//    is accepted or refused alike, each record holds exactly the named members of
//    its element, and makes the same user item, byte for byte;
//  - every item made is of DESIGN section 4's shape, with ids that parse back to the
//    NinjaOne id; user_resource and user_facts agree on which users exist;
//  - a ticket subject is cut to the limit without splitting a UTF-8 sequence.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <connector/sdk.hpp>
#include <connector/sdk/config_reader.hpp>
#include <connector/sdk/json_array_stream.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "fuzz_check.hpp"
#include "ids.hpp"
#include "item_shapes.hpp"
#include "resources/facts.hpp"
#include "resources/json_fields.hpp"
#include "resources/mapping.hpp"
#include "tickets/ticket_settings.hpp"
#include "tickets/ticket_template.hpp"

namespace {

namespace json = boost::json;
namespace resources = ninjaone::resources;
namespace tickets = ninjaone::tickets;
using connector::fuzz::check_entitlement_shape;
using connector::fuzz::check_grant_shape;
using connector::fuzz::check_resource_shape;
using connector::fuzz::check_round_trip;

constexpr std::string_view kTypeHints[] = {"", "TECHNICIAN", "END_USER", ""};

// Piece sizes from a small generator seeded by the input, so the fuzzer moves the
// boundaries by changing two bytes: each piece 1..(1 + seed/256) bytes long.
class PieceSizes {
 public:
  explicit PieceSizes(std::uint16_t seed) : state_(seed | 1u), longest_(1u + (seed >> 8)) {}
  std::size_t next() {
    state_ = state_ * 1103515245u + 12345u;
    return 1u + (state_ >> 16) % longest_;
  }

 private:
  std::uint32_t state_;
  std::uint32_t longest_;
};

// Feeds `body` in pieces; true when the stream took it all as one JSON array.
bool stream_body(connector::sdk::JsonArrayStream& stream, std::string_view body, PieceSizes sizes) {
  try {
    while (!body.empty()) {
      const std::string_view piece = body.substr(0, sizes.next());
      stream.write(piece);
      body.remove_prefix(piece.size());
    }
    stream.finish();
    return true;
  } catch (const connector::sdk::MalformedJson&) {
    return false;
  }
}

// Boost.JSON refuses a string that is not valid UTF-8: quote the text and let it judge.
bool is_valid_utf8(std::string_view text) {
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;  // control characters are valid
  }
  quoted += '"';
  boost::system::error_code ec;
  json::parse(quoted, ec);
  return !ec;
}

// A resource id the plugin emits is one it can read back when the host names it.
void check_parses_back(std::string_view id, std::string_view type, std::int32_t ninja_id) {
  const auto parsed = ninjaone::ids::parse_resource(id);
  FUZZ_CHECK(
      parsed && parsed->type == type && ninjaone::ids::parse_ninja_id(parsed->key) == ninja_id,
      "a resource id parses back to its NinjaOne id");
}

void check_user(const json::object& element, std::string_view hint) {
  const auto resource = resources::user_resource(element, hint);
  const auto facts = resources::user_facts(element, hint);
  FUZZ_CHECK(resource.has_value() == facts.has_value(),
             "user_resource and user_facts agree on which users exist");
  if (!resource) return;
  check_resource_shape(*resource);
  check_round_trip(*resource);
  FUZZ_CHECK(resource->at("type").as_string() == "user", "a user is of type user");
  FUZZ_CHECK(resource->at("id").as_string() == ninjaone::ids::resource("user", facts->id),
             "the user id is the NinjaOne id");
  check_parses_back(resource->at("id").as_string(), "user", facts->id);
}

std::optional<std::string> check_role(const json::object& element) {
  const auto facts = resources::role_facts(element);
  FUZZ_CHECK(facts.has_value() == resources::id_field(element, "id").has_value(),
             "every role with an id is listed");
  if (!facts) return std::nullopt;
  const json::object resource = resources::role_resource(*facts);
  const json::object entitlement = resources::role_member_entitlement(*facts);
  check_resource_shape(resource);
  check_round_trip(resource);
  check_entitlement_shape(entitlement);
  check_round_trip(entitlement);
  FUZZ_CHECK(entitlement.at("resource") == resource.at("id"),
             "the entitlement belongs to the role");
  const auto parsed = ninjaone::ids::parse_entitlement(entitlement.at("id").as_string());
  FUZZ_CHECK(parsed && parsed->resource.type == "role" &&
                 ninjaone::ids::parse_ninja_id(parsed->resource.key) == facts->id,
             "the entitlement id parses back to the role's NinjaOne id");
  // The membership grants list_grants makes from the role's members.
  std::string grant_text;
  for (const std::int32_t member : facts->member_ids) {
    resources::write_grant_item(grant_text, entitlement.at("id").as_string(),
                                ninjaone::ids::resource("user", member));
    check_grant_shape(boost::json::parse(grant_text).as_object());
  }
  return std::string(resource.at("display_name").as_string());
}

void check_organization(const json::object& element, bool provisionable) {
  const auto resource = resources::organization_resource(element);
  const auto facts = resources::organization_facts(element);
  FUZZ_CHECK(resource.has_value() == facts.has_value(),
             "a listed organization has its member entitlement");
  if (!resource) return;
  check_resource_shape(*resource);
  check_round_trip(*resource);
  const json::object entitlement =
      resources::organization_member_entitlement(*facts, provisionable);
  check_entitlement_shape(entitlement);
  FUZZ_CHECK(entitlement.at("resource") == resource->at("id"),
             "the entitlement belongs to the organization");
  check_parses_back(resource->at("id").as_string(), "organization", facts->id);
  FUZZ_CHECK(entitlement.at("provisionable").as_bool() == provisionable,
             "organization membership is provisionable as configured");
}

// Whether two values are the same JSON. Boost.JSON 1.81 reads 0e999 as NaN (zero times
// infinity), and NaN is unequal to itself: those compare by their serialized form.
bool same_json(const json::value& a, const json::value& b) {
  return a == b || json::serialize(a) == json::serialize(b);
}

// write_user_item of a whole element; false when it is no user the connector lists.
bool object_users_item(const json::value& element, std::string_view hint, std::string& text) {
  return element.is_object() && resources::write_user_item(text, element.get_object(), hint);
}

// What a record of the users' shape gave, kept past the call that received it.
struct RecordSeen {
  bool is_object = false;
  std::vector<std::optional<json::value>> members;  // copies on the heap
  std::optional<std::string> user_item;             // write_user_item's text
};

RecordSeen see_record(const connector::sdk::JsonRecord& record, std::string_view hint) {
  RecordSeen seen;
  seen.is_object = record.is_object();
  const auto& shape = resources::user_record_shape();
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const json::value* member = record.member(i);
    seen.members.push_back(member == nullptr ? std::nullopt
                                             : std::optional(json::value(*member, {})));
  }
  std::string text;
  if (resources::write_user_item(text, record, hint)) seen.user_item = std::move(text);
  return seen;
}

// A record holds what the element holds under the shape's names (of a name given
// twice, the last, as parsing keeps), and makes the same user item.
void check_record(const RecordSeen& seen, const json::value& element, std::string_view hint) {
  FUZZ_CHECK(seen.is_object == element.is_object(), "a record is an object's exactly");
  const auto& shape = resources::user_record_shape();
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const json::object* object = element.if_object();
    const json::value* expected = object == nullptr ? nullptr : object->if_contains(shape.name(i));
    FUZZ_CHECK(seen.members[i].has_value() == (expected != nullptr),
               "a record holds the named members its element holds");
    if (expected != nullptr) {
      FUZZ_CHECK(same_json(*seen.members[i], *expected), "a record's member is the element's");
    }
  }
  std::string text;
  std::optional<std::string> item;
  if (object_users_item(element, hint, text)) item = text;
  FUZZ_CHECK(seen.user_item == item, "a user item is the same from a record as from an object");
}

// Whether `value` holds a double that is not finite: what Boost.JSON makes of a number
// beyond a double's range, such as 1e400 (infinity) or 0e999 (NaN).
bool holds_non_finite(const json::value& value) {
  if (value.is_double()) return !std::isfinite(value.get_double());
  if (const auto* array = value.if_array()) {
    return std::any_of(array->begin(), array->end(), holds_non_finite);
  }
  if (const auto* object = value.if_object()) {
    return std::any_of(object->begin(), object->end(),
                       [](const auto& member) { return holds_non_finite(member.value()); });
  }
  return false;
}

// The element read as config.ticket, its subject rendered for the element's own names.
void check_ticket(const json::object& element, std::string_view role_name,
                  std::size_t subject_limit) {
  // No such config reaches a plugin: the host checks it against the same schema first,
  // and config.ticket takes integers, strings and string tags only, no other field (a
  // test of the host refuses `"ticket_form_id": 1e400`). Here serialize() would write
  // the number as `Infinity`, not JSON, and the reader would rightly call the whole
  // config malformed instead of naming a field.
  if (holds_non_finite(element)) return;
  tickets::TicketSettings settings;
  try {
    // Checked with a whole config against the schema, as the plugin reads it.
    const json::object config{
        {"client_id", "id"}, {"client_secret", "secret"}, {"ticket", element}};
    const connector::sdk::ConfigReader reader(ninjaone::config_schema(), json::serialize(config));
    settings = tickets::read_ticket_settings(*reader.object("ticket"));
  } catch (const connector::sdk::Error& e) {
    FUZZ_CHECK(e.status() == CONN_INVALID_ARGUMENT, "a bad ticket setting is INVALID_ARGUMENT");
    FUZZ_CHECK(std::string_view(e.what()).rfind("config.ticket", 0) == 0,
               "a bad ticket setting names its field");
    return;
  }
  FUZZ_CHECK(!tickets::find_bad_placeholder(settings.subject_template),
             "an accepted subject template is well-formed");
  const std::string name(resources::optional_string(element, "name").value_or(""));
  const std::string subject =
      tickets::render_template(settings.subject_template, {{"operation", "grant"},
                                                           {"role_name", std::string(role_name)},
                                                           {"principal_name", name},
                                                           {"entitlement", "role:7:member"}});
  const std::string cut = tickets::truncate_with_ellipsis(subject, subject_limit);
  FUZZ_CHECK(cut.size() <= subject_limit || cut == subject, "a subject is cut to the limit");
  FUZZ_CHECK(!is_valid_utf8(subject) || is_valid_utf8(cut),
             "a subject is never cut inside a UTF-8 sequence");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  connector::fuzz::FuzzInput input(data, size);
  const std::uint8_t options = input.byte();
  const std::string_view hint = kTypeHints[options & 3u];
  const bool provisionable = (options & 4u) != 0;
  const bool retry = (options & 8u) != 0;           // a first attempt breaks off, then a retry
  const bool keep_in_arena = (options & 16u) != 0;  // keep elements as handed over
  const std::size_t subject_limit = input.byte();
  const PieceSizes sizes(input.uint16());
  const std::string_view body = input.rest();

  std::vector<json::value> elements;
  connector::sdk::JsonArrayStream stream([&](json::value&& element) {
    if (keep_in_arena) {
      elements.push_back(std::move(element));  // shares the element's arena
    } else {
      elements.emplace_back(element, json::storage_ptr());  // a copy on the heap
    }
  });
  if (retry) {
    // The connection drops part way: whatever was handed over must not come twice.
    stream_body(stream, body.substr(0, body.size() / 2), sizes);
    stream.restart();
  }
  const bool accepted = stream_body(stream, body, sizes);

  // The same body read as a users listing reads it.
  std::vector<RecordSeen> records;
  connector::sdk::JsonArrayStream record_stream(resources::user_record_shape(),
                                                [&](const connector::sdk::JsonRecord& record) {
                                                  records.push_back(see_record(record, hint));
                                                });
  if (retry) {
    stream_body(record_stream, body.substr(0, body.size() / 2), sizes);
    record_stream.restart();
  }
  const bool records_accepted = stream_body(record_stream, body, sizes);
  FUZZ_CHECK(records_accepted == accepted, "records and elements accept the same bodies");

  boost::system::error_code ec;
  const json::value whole = json::parse(body, ec);
  const bool is_array = !ec && whole.is_array();
  FUZZ_CHECK(accepted == is_array, "the stream accepts exactly the bodies that are JSON arrays");
  if (accepted) {
    FUZZ_CHECK(elements.size() == whole.get_array().size() && stream.delivered() == elements.size(),
               "each element is handed over once");
    for (std::size_t i = 0; i < elements.size(); ++i) {
      FUZZ_CHECK(same_json(elements[i], whole.get_array()[i]),
                 "elements are handed over intact, in order");
    }
    FUZZ_CHECK(records.size() == elements.size() && record_stream.delivered() == records.size(),
               "each record is handed over once");
    for (std::size_t i = 0; i < records.size(); ++i) check_record(records[i], elements[i], hint);
  }

  for (const json::value& element : elements) {
    if (!element.is_object()) continue;
    const json::object& object = element.get_object();
    check_user(object, hint);
    const std::optional<std::string> role_name = check_role(object);
    check_organization(object, provisionable);
    check_ticket(object, role_name.value_or(""), subject_limit);
  }
  return 0;
}
