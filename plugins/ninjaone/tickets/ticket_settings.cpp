#include "tickets/ticket_settings.hpp"

#include <connector/sdk.hpp>

#include <boost/json/object.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <limits>

#include "tickets/ticket_template.hpp"

namespace ninjaone::tickets {
namespace {

namespace json = boost::json;
using connector::sdk::Error;

[[noreturn]] void refuse(std::string_view field, std::string_view why) {
  throw Error(CONN_INVALID_ARGUMENT,
              "config.ticket." + std::string(field) + ": " + std::string(why));
}

std::optional<std::string> string_field(const json::object& o, std::string_view field) {
  const json::value* v = o.if_contains(field);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) refuse(field, "must be a string");
  return std::string(v->get_string());
}

std::int32_t id_field(const json::object& o, std::string_view field) {
  const json::value* v = o.if_contains(field);
  if (v == nullptr) refuse(field, "is required");
  const auto n = v->if_int64();
  const auto u = v->if_uint64();
  const std::int64_t value = n != nullptr ? *n : (u != nullptr && *u < (1ULL << 31) ? *u : 0);
  if (value < 1 || value > std::numeric_limits<std::int32_t>::max()) {
    refuse(field, "must be a positive integer (a NinjaOne id)");
  }
  return static_cast<std::int32_t>(value);
}

std::string checked_template(const json::object& o, std::string_view field, std::string fallback) {
  std::string text = string_field(o, field).value_or(std::move(fallback));
  if (text.empty()) refuse(field, "must not be empty");
  if (const auto bad = find_bad_placeholder(text)) {
    refuse(field, "unknown placeholder " + *bad +
                      " (known: {operation} {entitlement} {role_name} {principal} "
                      "{principal_name} {principal_email} {requester}; {{ and }} for braces)");
  }
  return text;
}

template <std::size_t N>
std::string enum_field(const json::object& o, std::string_view field, std::string fallback,
                       const std::array<std::string_view, N>& allowed) {
  std::string value = string_field(o, field).value_or(std::move(fallback));
  for (const auto name : allowed) {
    if (name == value) return value;
  }
  std::string known;
  for (const auto name : allowed) known += (known.empty() ? "" : ", ") + std::string(name);
  refuse(field, "must be one of " + known);
}

std::optional<OperationState> parse_state(std::string_view name) {
  for (const auto state : {OperationState::open, OperationState::pending, OperationState::done,
                           OperationState::rejected}) {
    if (to_string(state) == name) return state;
  }
  return std::nullopt;
}

std::string upper_case(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

void parse_status_map(const json::object& o, TicketSettings& out) {
  const json::value* v = o.if_contains("status_map");
  if (v == nullptr) return;
  if (!v->is_object()) refuse("status_map", "must be an object of STATUS_NAME: state");
  for (const auto& entry : v->get_object()) {
    const auto state =
        entry.value().is_string() ? parse_state(entry.value().get_string()) : std::nullopt;
    if (entry.key().empty() || !state) {
      refuse("status_map." + std::string(entry.key()),
             "must map a status name to open, pending, done or rejected");
    }
    out.status_map[upper_case(entry.key())] = *state;
  }
}

void parse_tags(const json::object& o, TicketSettings& out) {
  const json::value* v = o.if_contains("tags");
  if (v == nullptr) return;
  if (!v->is_array()) refuse("tags", "must be an array of strings");
  for (const json::value& tag : v->get_array()) {
    if (!tag.is_string() || tag.get_string().empty()) {
      refuse("tags", "must be an array of non-empty strings");
    }
    out.tags.emplace_back(tag.get_string());
  }
}

}  // namespace

std::string_view to_string(OperationState state) {
  switch (state) {
    case OperationState::open:
      return "open";
    case OperationState::pending:
      return "pending";
    case OperationState::done:
      return "done";
    case OperationState::rejected:
      return "rejected";
  }
  return "pending";
}

std::map<std::string, OperationState> default_status_map() {
  return {{"NEW", OperationState::open},        {"OPEN", OperationState::open},
          {"WAITING", OperationState::pending}, {"PAUSED", OperationState::pending},
          {"RESOLVED", OperationState::done},   {"CLOSED", OperationState::done}};
}

std::optional<std::chrono::seconds> parse_expiry(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  std::int64_t count = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, count);
  if (ec != std::errc() || end != text.data() + text.size() - 1 || count <= 0) return std::nullopt;
  std::int64_t unit = 0;
  switch (text.back()) {
    case 's':
      unit = 1;
      break;
    case 'm':
      unit = 60;
      break;
    case 'h':
      unit = 3600;
      break;
    case 'd':
      unit = 86400;
      break;
    default:
      return std::nullopt;
  }
  // Ten years is more than any ticket should wait; it also keeps the product in range.
  if (count > 10 * 366 * 86400 / unit) return std::nullopt;
  return std::chrono::seconds(count * unit);
}

TicketSettings parse_ticket_settings(const json::value& ticket) {
  if (!ticket.is_object()) {
    throw Error(CONN_INVALID_ARGUMENT, "config.ticket: must be an object");
  }
  const json::object& o = ticket.get_object();
  static constexpr std::array<std::string_view, 11> known{"organization_id",
                                                          "ticket_form_id",
                                                          "subject_template",
                                                          "description_template",
                                                          "type",
                                                          "priority",
                                                          "tags",
                                                          "requester_uid",
                                                          "status_map",
                                                          "confirm_after_done",
                                                          "expire_after"};
  for (const auto& field : o) {
    if (std::find(known.begin(), known.end(), field.key()) == known.end()) {
      refuse(field.key(), "is not a known field");
    }
  }

  TicketSettings out;
  out.organization_id = id_field(o, "organization_id");
  out.ticket_form_id = id_field(o, "ticket_form_id");
  out.subject_template = checked_template(o, "subject_template", out.subject_template);
  out.description_template = checked_template(o, "description_template", out.description_template);
  static constexpr std::array<std::string_view, 9> types{
      "PROBLEM",         "QUESTION", "INCIDENT",    "TASK",         "CHANGE_REQUEST",
      "SERVICE_REQUEST", "PROJECT",  "APPOINTMENT", "MISCELLANEOUS"};
  out.type = enum_field(o, "type", out.type, types);
  static constexpr std::array<std::string_view, 4> priorities{"NONE", "LOW", "MEDIUM", "HIGH"};
  out.priority = enum_field(o, "priority", out.priority, priorities);
  parse_tags(o, out);
  out.requester_uid = string_field(o, "requester_uid");
  if (out.requester_uid && out.requester_uid->empty()) refuse("requester_uid", "must not be empty");
  out.status_map = default_status_map();
  parse_status_map(o, out);
  if (const json::value* v = o.if_contains("confirm_after_done")) {
    if (!v->is_bool()) refuse("confirm_after_done", "must be true or false");
    out.confirm_after_done = v->get_bool();
  }
  if (const auto text = string_field(o, "expire_after")) {
    const auto expiry = parse_expiry(*text);
    if (!expiry) {
      refuse("expire_after",
             "must be a count of at least 1 and a unit, eg: 7d, 12h, 30m, 45s (not zero, which "
             "would expire every operation the moment it is opened)");
    }
    out.expire_after = *expiry;
  }
  return out;
}

}  // namespace ninjaone::tickets
