// /v2/ticketing: ticket create and read, statuses, ticket forms.
#include <algorithm>
#include <array>

#include "handlers.hpp"
#include "model_json.hpp"
#include "request_fields.hpp"

namespace ninjaone_sim {
namespace {

namespace json = boost::json;

template <std::size_t N>
std::optional<std::string> optional_enum(const json::object& o, std::string_view key,
                                         const std::array<std::string_view, N>& allowed) {
  auto v = optional_string(o, key);
  if (v && std::find(allowed.begin(), allowed.end(), *v) == allowed.end()) {
    throw bad_request(std::string(key) + " has an unknown value: " + *v);
  }
  return v;
}

std::vector<std::string> string_list(const json::value* v, std::string_view what) {
  std::vector<std::string> out;
  if (!v || v->is_null()) return out;
  if (!v->is_array()) throw bad_request(std::string(what) + " must be an array of strings");
  for (const auto& item : v->get_array()) {
    if (!item.is_string()) throw bad_request(std::string(what) + " must be an array of strings");
    out.emplace_back(item.get_string());
  }
  return out;
}

constexpr std::array<std::string_view, 9> kTypes = {"PROBLEM", "QUESTION",       "INCIDENT",
                                                    "TASK",    "CHANGE_REQUEST", "SERVICE_REQUEST",
                                                    "PROJECT", "APPOINTMENT",    "MISCELLANEOUS"};
constexpr std::array<std::string_view, 4> kPriorities = {"NONE", "LOW", "MEDIUM", "HIGH"};
constexpr std::array<std::string_view, 5> kSeverities = {"NONE", "MINOR", "MODERATE", "MAJOR",
                                                         "CRITICAL"};

// NewTicket: clientId, ticketFormId, subject (<= 200) and status are required.
Ticket ticket_from_request(const json::object& o) {
  Ticket t;
  t.client_id = required_int32(o, "clientId");
  t.ticket_form_id = required_int32(o, "ticketFormId");
  t.subject = required_string(o, "subject");
  if (t.subject.size() > 200) throw bad_request("subject must be at most 200 characters");
  const auto status = required_string(o, "status");
  t.status_id = parse_id(status);
  t.location_id = optional_int32(o, "locationId");
  t.node_id = optional_int32(o, "nodeId");
  t.type = optional_enum(o, "type", kTypes);
  t.priority = optional_enum(o, "priority", kPriorities).value_or("NONE");
  t.severity = optional_enum(o, "severity", kSeverities).value_or("NONE");
  t.requester_uid = optional_string(o, "requesterUid");
  t.assigned_app_user_id = optional_int32(o, "assignedAppUserId");
  t.tags = string_list(o.if_contains("tags"), "tags");
  if (const auto* cc = o.if_contains("cc"); cc && !cc->is_null()) {
    if (!cc->is_object()) throw bad_request("cc must be an object");
    t.cc_uids = string_list(cc->get_object().if_contains("uids"), "cc.uids");
    t.cc_emails = string_list(cc->get_object().if_contains("emails"), "cc.emails");
  }
  if (const auto* d = o.if_contains("description"); d && !d->is_null()) {
    if (!d->is_object()) throw bad_request("description must be an object");
    const auto& dobj = d->get_object();
    auto is_public = optional_bool(dobj, "public");
    if (!is_public) throw bad_request("description.public is required");
    t.description = TicketDescription{*is_public, optional_string(dobj, "body"),
                                      optional_string(dobj, "htmlBody")};
  }
  return t;
}

}  // namespace

Reply create_ticket(Services& s, const ApiRequest& r) {
  const auto body = parse_json_body(r.body);
  auto ticket = s.store.create_ticket(ticket_from_request(json_object_body(body)));
  return s.store.read([&](const State& state) {
    return json_reply(200, ticket_json(ticket, *state.status_by_id(ticket.status_id)));
  });
}

Reply get_ticket(Services& s, std::int32_t id) {
  return s.store.read([&](const State& state) {
    auto it = state.tickets.find(id);
    if (it == state.tickets.end()) throw not_found("Ticket not found");
    return json_reply(200, ticket_json(it->second, *state.status_by_id(it->second.status_id)));
  });
}

Reply list_ticket_statuses(Services& s) {
  return cached_json_reply(s, "statuses", [](const State& state) {
    json::array statuses;
    for (const auto& st : state.tenant.ticket_statuses) statuses.push_back(ticket_status_json(st));
    return json::value(std::move(statuses));
  });
}

Reply list_ticket_forms(Services& s) {
  return cached_json_reply(s, "ticket-forms", [](const State& state) {
    json::array forms;
    for (const auto& f : state.tenant.ticket_forms) forms.push_back(ticket_form_json(f));
    return json::value(std::move(forms));
  });
}

Reply get_ticket_form(Services& s, std::int32_t id) {
  return s.store.read([&](const State& state) {
    for (const auto& f : state.tenant.ticket_forms) {
      if (f.id == id) return json_reply(200, ticket_form_json(f));
    }
    throw not_found("Ticket form not found");
  });
}

}  // namespace ninjaone_sim
