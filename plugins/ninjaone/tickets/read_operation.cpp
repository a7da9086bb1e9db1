// Reading a ticket back: its status name, mapped through config.ticket.status_map to
// the state of the operation the ticket stands for.
#include <boost/json/parse.hpp>

#include <cctype>
#include <optional>

#include "resources/json_fields.hpp"
#include "tickets/ticketing.hpp"

namespace ninjaone::tickets {
namespace {

namespace json = boost::json;
using connector::sdk::Error;

std::int32_t ticket_id_of(std::string_view operation_json) {
  boost::system::error_code ec;
  const json::value operation = json::parse(operation_json, ec);
  const json::object* o = ec ? nullptr : operation.if_object();
  const auto kind = o != nullptr ? resources::optional_string(*o, "kind") : std::nullopt;
  const auto id = o != nullptr ? resources::id_field(*o, "ticket_id") : std::nullopt;
  if (kind != "ticket" || !id || *id <= 0) {
    throw Error(CONN_INVALID_ARGUMENT,
                "not a ticket operation: expected {\"kind\":\"ticket\",\"ticket_id\":N}");
  }
  return *id;
}

// The ticket's status name. A ticket's status normally carries its name; when it
// carries only an id, the tenant's statuses are read (once per call: statuses are
// configurable per tenant, so their ids are never hard-coded).
class StatusNames {
 public:
  explicit StatusNames(const resources::CallContext& context) : context_(context) {}

  std::optional<std::string> name_of(const json::value* status) {
    const json::object* o = status != nullptr ? status->if_object() : nullptr;
    if (o == nullptr) return std::nullopt;
    if (const auto name = resources::optional_string(*o, "name"); name && !name->empty()) {
      return std::string(*name);
    }
    const auto id = resources::id_field(*o, "statusId");
    if (!id) return std::nullopt;
    for (const auto& [status_id, name] : statuses()) {
      if (status_id == *id) return name;
    }
    return std::nullopt;
  }

 private:
  const std::vector<std::pair<std::int32_t, std::string>>& statuses() {
    if (!statuses_) {
      statuses_.emplace();
      context_.api().get_array(context_.call(), "/v2/ticketing/statuses", [&](json::value&& item) {
        const json::object* o = item.if_object();
        if (o == nullptr) return;
        const auto id = resources::id_field(*o, "statusId");
        const auto name = resources::optional_string(*o, "name");
        if (id && name) statuses_->emplace_back(*id, std::string(*name));
      });
    }
    return *statuses_;
  }

  const resources::CallContext& context_;
  std::optional<std::vector<std::pair<std::int32_t, std::string>>> statuses_;
};

std::string upper_case(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

json::object read_operation(const resources::CallContext& context,
                            std::string_view operation_json) {
  const std::int32_t ticket_id = ticket_id_of(operation_json);
  const auto& settings = context.config().ticket;
  const auto status_map = settings ? settings->status_map : default_status_map();

  const json::value ticket =
      context.api().get_json(context.call(), "/v2/ticketing/ticket/" + std::to_string(ticket_id));
  const json::object* t = ticket.if_object();
  StatusNames names(context);
  const std::optional<std::string> status_name =
      names.name_of(t != nullptr ? t->if_contains("status") : nullptr);

  json::object result{
      {"id", "ticket:" + std::to_string(ticket_id)}, {"kind", "ticket"}, {"ticket_id", ticket_id}};
  const auto mapped = status_name ? status_map.find(upper_case(*status_name)) : status_map.end();
  if (mapped != status_map.end()) {
    result["state"] = to_string(mapped->second);
    result["status_name"] = *status_name;
    result["status_known"] = true;
    result["detail"] = "ticket " + std::to_string(ticket_id) + " is " + *status_name;
  } else {
    // Tenants add their own statuses; an unmapped one must not end the operation.
    result["state"] = to_string(OperationState::pending);
    result["status_name"] = status_name.value_or("");
    result["status_known"] = false;
    result["detail"] = "ticket " + std::to_string(ticket_id) + " has status " +
                       (status_name ? "'" + *status_name + "'" : std::string("(none)")) +
                       ", which config.ticket.status_map does not know; kept pending";
  }
  result["confirm_after_done"] = settings ? settings->confirm_after_done : true;
  return result;
}

}  // namespace ninjaone::tickets
