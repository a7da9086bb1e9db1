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

using connector::sdk::ConfigReader;

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

// A template (its default from the schema), with only known placeholders.
std::string checked_template(const ConfigReader& ticket, std::string_view field) {
  std::string text = ticket.string(field);
  if (const auto bad = find_bad_placeholder(text)) {
    ticket.refuse(field, "unknown placeholder " + *bad +
                             " (known: {operation} {entitlement} {role_name} {principal} "
                             "{principal_name} {principal_email} {requester}; {{ and }} for "
                             "braces)");
  }
  return text;
}

// The schema says which states a status may map to; names are kept in upper case.
void read_status_map(const ConfigReader& ticket, TicketSettings& out) {
  const boost::json::value* map = ticket.value("status_map");
  if (map == nullptr || !map->is_object()) return;
  for (const auto& entry : map->get_object()) {
    const auto state =
        entry.value().is_string() ? parse_state(entry.value().get_string()) : std::nullopt;
    if (entry.key().empty() || !state) {
      ticket.refuse("status_map." + std::string(entry.key()),
                    "must map a status name to open, pending, done or rejected");
    }
    out.status_map[upper_case(entry.key())] = *state;
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

TicketSettings read_ticket_settings(const ConfigReader& ticket) {
  TicketSettings out;
  out.organization_id = static_cast<std::int32_t>(ticket.integer("organization_id"));
  out.ticket_form_id = static_cast<std::int32_t>(ticket.integer("ticket_form_id"));
  out.subject_template = checked_template(ticket, "subject_template");
  out.description_template = checked_template(ticket, "description_template");
  out.type = ticket.string("type");
  out.priority = ticket.string("priority");
  if (ticket.value("tags") != nullptr) out.tags = ticket.strings("tags");
  out.requester_uid = ticket.optional_string("requester_uid");
  out.status_map = default_status_map();
  read_status_map(ticket, out);
  out.confirm_after_done = ticket.boolean("confirm_after_done");
  const auto expiry = parse_expiry(ticket.string("expire_after"));
  if (!expiry) {
    ticket.refuse("expire_after",
                  "must be a count of at least 1 and a unit, eg: 7d, 12h, 30m, 45s (not zero, "
                  "which would expire every operation the moment it is opened)");
  }
  out.expire_after = *expiry;
  return out;
}

}  // namespace ninjaone::tickets
