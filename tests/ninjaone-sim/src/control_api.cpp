// The simulator's own control API under /_sim (a path NinjaOne never uses): tests read
// the whole state, move tickets, change faults and revoke tokens while it runs.
#include "handlers.hpp"
#include "model_json.hpp"
#include "request_fields.hpp"

namespace ninjaone_sim {
namespace {

namespace json = boost::json;

Reply state(Services& s) {
  auto out = s.store.read([](const State& st) {
    auto o = tenant_to_json(st.tenant);
    json::array tickets;
    for (const auto& [id, t] : st.tickets) {
      tickets.push_back(ticket_json(t, *st.status_by_id(t.status_id), true));
    }
    o["tickets"] = std::move(tickets);
    return o;
  });
  out["refresh_token_generation"] = s.oauth.refresh_generation();
  out["active_access_tokens"] = s.oauth.active_access_tokens();
  return json_reply(200, out);
}

Reply set_ticket_status(Services& s, const ApiRequest& r, std::int32_t id) {
  const auto body = parse_json_body(r.body);
  const auto name = required_string(json_object_body(body), "status");
  auto ticket = s.store.set_ticket_status(id, name);
  return s.store.read([&](const State& st) {
    return json_reply(200, ticket_json(ticket, *st.status_by_id(ticket.status_id), true));
  });
}

Reply set_faults(Services& s, const ApiRequest& r) {
  const auto body = parse_json_body(r.body);
  const auto text = required_string(json_object_body(body), "spec");
  try {
    s.faults.set_spec(FaultSpec::parse(text));
  } catch (const std::invalid_argument& e) {
    throw bad_request(e.what());
  }
  return json_reply(200, json::object{{"spec", text}});
}

}  // namespace

Reply control(Services& s, const ApiRequest& r) {
  const auto& p = r.path;
  const bool get = r.method == http::verb::get;
  const bool post = r.method == http::verb::post;
  if (p == "/_sim/state" && get) return state(s);
  if (p == "/_sim/stats" && get) return json_reply(200, s.log.stats());
  if (p == "/_sim/faults" && get)
    return json_reply(200, json::object{{"spec", s.faults.spec()->text}});
  if (p == "/_sim/faults" && post) return set_faults(s, r);
  if (p == "/_sim/revoke-tokens" && post) {
    return json_reply(200, json::object{{"revoked", s.oauth.revoke_all()}});
  }
  constexpr std::string_view tickets = "/_sim/tickets/";
  constexpr std::string_view status = "/status";
  if (post && p.starts_with(tickets) && p.ends_with(status) &&
      p.size() > tickets.size() + status.size()) {
    const auto id = p.substr(tickets.size(), p.size() - tickets.size() - status.size());
    return set_ticket_status(s, r, parse_id(id));
  }
  throw not_found("No such control endpoint: " + p);
}

}  // namespace ninjaone_sim
