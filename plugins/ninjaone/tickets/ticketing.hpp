// Ticket-based provisioning (Saviynt's way): a grant or revoke opens a NinjaOne ticket
// from the configured template instead of changing the role, and answers "pending";
// the host then polls read_operation until the ticket's status maps to done or
// rejected. The plugin's grant()/revoke() call open_ticket when the config says
// provisioning_mode "ticket"; get_operation() calls read_operation.
#ifndef NINJAONE_TICKETS_TICKETING_HPP
#define NINJAONE_TICKETS_TICKETING_HPP

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

#include "resources/resource_type.hpp"

namespace ninjaone::tickets {

// What a grant or revoke asks for, with the names the ticket template's placeholders use.
struct TicketRequest {
  std::string operation;        // "grant" or "revoke"
  std::string entitlement_id;   // "role:7:member"
  std::string role_name;        // the role's name, read from /v2/user/roles
  std::string principal_id;     // "user:101"
  std::string principal_name;   // "Ada Lovelace"
  std::string principal_email;  // may be empty
};

// Opens a NinjaOne ticket from the configured template; returns the grant/revoke result object
// {"status":"pending","operation":{"id":"ticket:<id>","kind":"ticket","ticket_id":<id>,"entitlement":...,"principal":...,"operation":"grant"}}.
// The operation also carries "expire_after_seconds" (config ticket.expire_after), so
// the host can give it a deadline; the result carries "request_id" (x-nj-request-id).
boost::json::object open_ticket(const resources::CallContext& context,
                                const TicketRequest& request);

// The request open_ticket would send, for a dry run: {"method","path","body"}. Sends nothing.
boost::json::object ticket_request_preview(const resources::CallContext& context,
                                           const TicketRequest& request);

// Reads a ticket's status and maps it through config; returns
// {"id","kind":"ticket","ticket_id","state":"open|pending|done|rejected",
// "status_name":"RESOLVED","detail":"..."}. Unknown status names map to "pending" with detail
// saying the status is unknown. Also "status_known" (false for an unknown name) and
// "confirm_after_done" (config), so the host knows whether to re-read the role once the ticket is
// done.
boost::json::object read_operation(const resources::CallContext& context,
                                   std::string_view operation_json);

}  // namespace ninjaone::tickets

#endif  // NINJAONE_TICKETS_TICKETING_HPP
