#include "item_scan.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/serialize.hpp>

#include <array>
#include <cstdint>
#include <string>

#include "connector/store/sync_writer.hpp"

namespace connector::store::detail {
namespace {

namespace json = boost::json;

// The members the store keeps, by their index in Handler::fields.
enum Field : std::uint8_t { kId, kType, kResource, kEntitlement, kPrincipal, kFieldCount };
constexpr std::uint8_t kNoField = kFieldCount;
constexpr std::uint8_t kTraits = kFieldCount + 1;

std::uint8_t field_of(std::string_view key) noexcept {
  if (key == "id") return kId;
  if (key == "type") return kType;
  if (key == "resource") return kResource;
  if (key == "entitlement") return kEntitlement;
  if (key == "principal") return kPrincipal;
  if (key == "traits") return kTraits;
  return kNoField;
}

constexpr std::array<std::string_view, kFieldCount> kFieldNames{"id", "type", "resource",
                                                                "entitlement", "principal"};

// How errors name a kind: "resource type", "resource", ...
std::string shown(ItemKind kind) {
  std::string name(kind_name(kind));
  for (char& c : name) {
    if (c == '_') c = ' ';
  }
  return name;
}

// Whether `id` is `parent`, a colon and more: the identifiers' rule for an entitlement
// (its resource) and a grant (its entitlement), which the store's queries by resource
// and entitlement rely on (state_query.hpp: id_beneath).
bool is_beneath(std::string_view id, std::string_view parent) noexcept {
  return id.size() > parent.size() + 1 && id.substr(0, parent.size()) == parent &&
         id[parent.size()] == ':';
}

// An id as an error shows it: a JSON string (control characters escaped, so the
// error stays one line), cut at 200 bytes.
std::string shown_id(std::string_view id) {
  constexpr std::size_t kShown = 200;
  const bool cut = id.size() > kShown;
  std::string text = json::serialize(json::string_view(id.substr(0, kShown)));
  if (cut) text += "...";
  return text;
}

}  // namespace

// The SAX handler: follows the depth, and keeps the strings of the wanted top-level
// members (decoded, so an escaped id reads as its parsed value would) and whether a
// top-level "traits" array holds the string "user".
struct ItemScanner::Handler {
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);

  struct Member {
    std::string value;
    bool present = false;  // the last such member is a string
  };
  std::array<Member, kFieldCount> fields;
  std::string key;                 // the member name being read
  std::string string;              // a "traits" element being read
  std::uint8_t member = kNoField;  // the top-level member whose value comes next
  int depth = 0;
  bool top_is_object = false;
  bool in_traits = false;  // inside the top-level "traits" array
  bool user_trait = false;

  void reset() {
    for (Member& field : fields) field.present = false;
    key.clear();
    member = kNoField;
    depth = 0;
    top_is_object = false;
    in_traits = false;
    user_trait = false;
  }

  // A top-level member's value other than a string it keeps: that member does not count.
  void other_value() {
    if (depth != 1) return;
    if (member < kFieldCount) fields[member].present = false;
    if (member == kTraits) user_trait = false;
    member = kNoField;
  }

  // `so_far` is the length of the whole string up to and including `part`.
  static void take(std::string& into, json::string_view part, std::size_t so_far) {
    if (so_far == part.size())
      into.assign(part.data(), part.size());
    else
      into.append(part.data(), part.size());
  }

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }

  bool on_object_begin(json::error_code&) {
    if (depth == 0) top_is_object = true;
    other_value();
    ++depth;
    return true;
  }
  bool on_object_end(std::size_t, json::error_code&) {
    --depth;
    return true;
  }
  bool on_array_begin(json::error_code&) {
    const bool traits = depth == 1 && member == kTraits;
    other_value();  // a later "traits" replaces an earlier one
    ++depth;
    if (traits) in_traits = true;
    return true;
  }
  bool on_array_end(std::size_t, json::error_code&) {
    --depth;
    if (depth == 1) in_traits = false;
    return true;
  }

  bool on_key_part(json::string_view part, std::size_t so_far, json::error_code&) {
    if (depth == 1) take(key, part, so_far);
    return true;
  }
  bool on_key(json::string_view part, std::size_t so_far, json::error_code&) {
    if (depth == 1) {
      take(key, part, so_far);
      member = field_of(key);
    }
    return true;
  }

  bool on_string_part(json::string_view part, std::size_t so_far, json::error_code&) {
    if (depth == 1 && member < kFieldCount) {
      take(fields[member].value, part, so_far);
    } else if (depth == 2 && in_traits) {
      take(string, part, so_far);
    }
    return true;
  }
  bool on_string(json::string_view part, std::size_t so_far, json::error_code&) {
    if (depth == 1 && member < kFieldCount) {
      Member& field = fields[member];
      take(field.value, part, so_far);
      field.present = true;
      member = kNoField;
    } else if (depth == 2 && in_traits) {
      take(string, part, so_far);
      if (string == "user") user_trait = true;
    } else {
      other_value();
    }
    return true;
  }

  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t, json::string_view, json::error_code&) { return scalar(); }
  bool on_uint64(std::uint64_t, json::string_view, json::error_code&) { return scalar(); }
  bool on_double(double, json::string_view, json::error_code&) { return scalar(); }
  bool on_bool(bool, json::error_code&) { return scalar(); }
  bool on_null(json::error_code&) { return scalar(); }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

  bool scalar() {
    other_value();
    return true;
  }
};

struct ItemScanner::Parser : json::basic_parser<ItemScanner::Handler> {
  Parser() : json::basic_parser<Handler>(json::parse_options{}) {}
};

ItemScanner::ItemScanner() : parser_(std::make_unique<Parser>()) {}
ItemScanner::~ItemScanner() = default;

ScannedItem ItemScanner::scan(ItemKind kind, std::string_view text) {
  Parser& parser = *parser_;
  Handler& handler = parser.handler();
  parser.reset();
  handler.reset();
  json::error_code error;
  const std::size_t read = parser.write_some(false, text.data(), text.size(), error);
  if (!error && read < text.size()) error = json::error::extra_data;
  if (error) {
    throw NotAJsonObjectError(shown(kind) + " is not valid JSON: " + error.message(),
                              "not valid JSON (" + error.message() + ")");
  }
  if (!handler.top_is_object) {
    throw NotAJsonObjectError(shown(kind) + " is not a JSON object", "not a JSON object");
  }

  const auto require = [&](Field field) -> std::string_view {
    const auto& member = handler.fields[field];
    if (!member.present || member.value.empty()) {
      throw InvalidItemError(shown(kind) + " has no \"" + std::string(kFieldNames[field]) +
                             "\" string: " + std::string(text.substr(0, 200)));
    }
    return member.value;
  };
  ScannedItem item;
  item.id = require(kId);
  switch (kind) {
    case ItemKind::resource_type:
      break;
    case ItemKind::resource:
      item.type = require(kType);
      item.is_user = item.type == "user" || handler.user_trait;
      break;
    case ItemKind::entitlement:
      item.resource = require(kResource);
      if (!is_beneath(item.id, item.resource)) {
        throw InvalidItemError("entitlement " + shown_id(item.id) +
                               ": its id does not begin with its resource and a colon (" +
                               shown_id(std::string(item.resource) + ":") + ")");
      }
      break;
    case ItemKind::grant:
      item.entitlement = require(kEntitlement);
      item.principal = require(kPrincipal);
      if (!is_beneath(item.id, item.entitlement) ||
          item.id.substr(item.entitlement.size() + 1) != item.principal) {
        throw InvalidItemError(
            "grant " + shown_id(item.id) +
            ": its id is not its entitlement, a colon and its principal (" +
            shown_id(std::string(item.entitlement) + ":" + std::string(item.principal)) + ")");
      }
      break;
  }
  return item;
}

}  // namespace connector::store::detail
