// Opening the ticket: the template rendered with the request's values, POSTed as a
// NewTicket; the answer's id becomes the pending operation.
#include <boost/beast/http/verb.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <map>

#include "resources/json_fields.hpp"
#include "tickets/ticket_template.hpp"
#include "tickets/ticketing.hpp"

namespace ninjaone::tickets {
namespace {

namespace json = boost::json;
using connector::sdk::Error;

constexpr std::string_view kTicketPath = "/v2/ticketing/ticket";
constexpr std::size_t kSubjectMaxBytes = 200;    // NewTicket.subject: maxLength 200
constexpr std::string_view kNewStatus = "1000";  // NEW: every tenant has it, whatever its names

const TicketSettings& settings_of(const resources::CallContext& context) {
  const auto& ticket = context.config().ticket;
  if (!ticket) {
    throw Error(CONN_FAILED_PRECONDITION,
                "provisioning_mode is \"ticket\" but config.ticket (the template) is missing");
  }
  return *ticket;
}

std::map<std::string, std::string> placeholder_values(const TicketSettings& settings,
                                                      const TicketRequest& request) {
  return {{"operation", request.operation},
          {"entitlement", request.entitlement_id},
          {"role_name", request.role_name},
          {"principal", request.principal_id},
          {"principal_name", request.principal_name},
          {"principal_email", request.principal_email},
          {"requester", settings.requester_uid.value_or("connector-host")}};
}

json::object new_ticket(const TicketSettings& settings, const TicketRequest& request) {
  const auto values = placeholder_values(settings, request);
  json::array tags;
  for (const auto& tag : settings.tags) tags.emplace_back(tag);
  json::object body{
      {"clientId", settings.organization_id},
      {"ticketFormId", settings.ticket_form_id},
      {"subject", truncate_with_ellipsis(render_template(settings.subject_template, values),
                                         kSubjectMaxBytes)},
      // Not public: the requester of an access change is not always its subject.
      {"description",
       {{"public", false}, {"body", render_template(settings.description_template, values)}}},
      {"status", kNewStatus},
      {"type", settings.type},
      {"priority", settings.priority},
      {"tags", std::move(tags)}};
  if (settings.requester_uid) body["requesterUid"] = *settings.requester_uid;
  return body;
}

}  // namespace

json::object ticket_request_preview(const resources::CallContext& context,
                                    const TicketRequest& request) {
  return {{"method", "POST"},
          {"path", kTicketPath},
          {"body", new_ticket(settings_of(context), request)}};
}

json::object open_ticket(const resources::CallContext& context, const TicketRequest& request) {
  const TicketSettings& settings = settings_of(context);
  const json::value body = new_ticket(settings, request);
  // A write: after an ambiguous failure the client throws UNAVAILABLE with
  // ambiguous_write, and nothing is retried, so no second ticket is opened.
  const client::Response response =
      context.api().send(context.call(), boost::beast::http::verb::post, kTicketPath, &body,
                         client::WriteSafety::write);
  boost::system::error_code ec;
  const json::value answer = json::parse(response.body, ec);
  const auto ticket_id =
      !ec && answer.is_object() ? resources::id_field(answer.get_object(), "id") : std::nullopt;
  if (!ticket_id) {
    // The ticket may exist; say so rather than let a retry open a second one.
    throw Error(CONN_INTERNAL,
                "NinjaOne accepted the ticket but its answer has no ticket id; check the "
                "tickets of organization " +
                    std::to_string(settings.organization_id) + " before retrying",
                json::serialize(json::object{{"request_id", response.request_id}}));
  }
  json::object operation{{"id", "ticket:" + std::to_string(*ticket_id)},
                         {"kind", "ticket"},
                         {"ticket_id", *ticket_id},
                         {"entitlement", request.entitlement_id},
                         {"principal", request.principal_id},
                         {"operation", request.operation},
                         {"expire_after_seconds", settings.expire_after.count()}};
  json::object result{{"status", "pending"}, {"operation", std::move(operation)}};
  if (!response.request_id.empty()) result["request_id"] = response.request_id;
  return result;
}

}  // namespace ninjaone::tickets
