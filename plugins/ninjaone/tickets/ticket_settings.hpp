// The `ticket` object of the connector's configuration: how a grant or revoke becomes
// a NinjaOne ticket (the template) and how the ticket's status names read back as
// the state of the operation (the status map). Parsed with the rest of the config.
#ifndef NINJAONE_TICKETS_TICKET_SETTINGS_HPP
#define NINJAONE_TICKETS_TICKET_SETTINGS_HPP

#include <connector/sdk/config_reader.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ninjaone::tickets {

// What a ticket's status means for the operation it stands for.
enum class OperationState { open, pending, done, rejected };
std::string_view to_string(OperationState state);

// Each field's default is the config schema's ("default" in config_schema.json).
struct TicketSettings {
  std::int32_t organization_id = 0;  // the ticket's clientId
  std::int32_t ticket_form_id = 0;
  std::string subject_template;
  std::string description_template;
  std::string type;      // eg: "SERVICE_REQUEST"
  std::string priority;  // eg: "NONE"
  std::vector<std::string> tags;
  std::optional<std::string> requester_uid;
  // Status names (upper case) to states; defaults first, the config's entries over them.
  std::map<std::string, OperationState> status_map;
  bool confirm_after_done = true;
  std::chrono::seconds expire_after{0};
};

// The default status map: NEW/OPEN open, WAITING/PAUSED pending, RESOLVED/CLOSED done.
std::map<std::string, OperationState> default_status_map();

// Reads config.ticket (the reader of that object: ConfigReader::object("ticket")),
// which the schema has checked. Throws connector::sdk::Error(CONN_INVALID_ARGUMENT,
// "config.ticket.FIELD: ...") for what the schema cannot say (an unknown placeholder).
TicketSettings read_ticket_settings(const connector::sdk::ConfigReader& ticket);

// "7d", "12h", "30m", "45s" (a positive whole number and one unit); nullopt otherwise.
std::optional<std::chrono::seconds> parse_expiry(std::string_view text);

}  // namespace ninjaone::tickets

#endif  // NINJAONE_TICKETS_TICKET_SETTINGS_HPP
