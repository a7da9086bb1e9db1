#include "model.hpp"

#include <stdexcept>

namespace ninjaone_sim {

std::string_view to_string(UserType type) {
  return type == UserType::technician ? "TECHNICIAN" : "END_USER";
}

std::optional<UserType> parse_user_type(std::string_view text) {
  if (text == "TECHNICIAN") return UserType::technician;
  if (text == "END_USER") return UserType::end_user;
  return std::nullopt;
}

std::vector<TicketStatus> default_ticket_statuses() {
  const std::pair<const char*, const char*> names[] = {
      {"NEW", "New"},       {"OPEN", "Open"},         {"WAITING", "Waiting"},
      {"PAUSED", "Paused"}, {"RESOLVED", "Resolved"}, {"CLOSED", "Closed"}};
  std::vector<TicketStatus> statuses;
  std::int32_t id = 1000;
  for (const auto& [name, display] : names) {
    statuses.push_back({name, display, id, id});
    id += 1000;
  }
  return statuses;
}

std::vector<TicketForm> default_ticket_forms() {
  return {{1, "Default", "Default ticket form", true, true}};
}

void check_consistency(const Tenant& tenant) {
  for (const auto& [id, user] : tenant.users) {
    if (id != user.id) throw std::invalid_argument("user keyed under the wrong id");
    if (user.type == UserType::end_user && user.organization_id &&
        !tenant.organizations.contains(*user.organization_id)) {
      throw std::invalid_argument("end user " + std::to_string(id) +
                                  " belongs to unknown organization " +
                                  std::to_string(*user.organization_id));
    }
  }
  for (const auto& [role_id, role] : tenant.roles) {
    for (const auto& [member_id, membership] : role.members) {
      auto user = tenant.users.find(member_id);
      if (user == tenant.users.end()) {
        throw std::invalid_argument("role " + std::to_string(role_id) + " has unknown member " +
                                    std::to_string(member_id));
      }
      if (user->second.type != role.type) {
        throw std::invalid_argument("role " + std::to_string(role_id) + " has member " +
                                    std::to_string(member_id) + " of the other user type");
      }
    }
  }
}

}  // namespace ninjaone_sim
