#include "store.hpp"

#include "reply.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <mutex>

namespace ninjaone_sim {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

void check_name(std::string_view field, std::string_view value) {
  // CreateTechnicianRequest / CreateEndUserRequest: 1..150 characters.
  if (value.empty() || value.size() > 150) {
    throw bad_request(std::string(field) + " should be between 1 and 150 characters");
  }
}

double now_epoch_seconds() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

const User& State::user(std::int32_t id, UserType type) const {
  auto it = tenant.users.find(id);
  if (it == tenant.users.end()) throw not_found("User not found");
  if (it->second.type != type) throw ApiError(400, "INVALID_USER_TYPE", "Invalid user type");
  return it->second;
}

const TicketStatus* State::status_by_id(std::int32_t status_id) const {
  for (const auto& s : tenant.ticket_statuses) {
    if (s.status_id == status_id) return &s;
  }
  return nullptr;
}

const TicketStatus* State::status_by_name(std::string_view name) const {
  for (const auto& s : tenant.ticket_statuses) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::vector<std::string> State::role_names_of(std::int32_t user_id) const {
  std::vector<std::string> names;
  for (const auto& [id, role] : tenant.roles) {
    if (role.members.contains(user_id)) names.push_back(role.name);
  }
  return names;
}

Store::Store(Tenant tenant) {
  check_consistency(tenant);
  state_.tenant = std::move(tenant);
}

std::int32_t Store::allocate_user_id() {
  // New users follow the highest id in use below the pinned INT32_MAX hard case.
  std::int32_t highest = 100;
  for (auto it = state_.tenant.users.rbegin(); it != state_.tenant.users.rend(); ++it) {
    if (it->first < std::numeric_limits<std::int32_t>::max() - 1) {
      highest = std::max(highest, it->first);
      break;
    }
  }
  if (highest >= std::numeric_limits<std::int32_t>::max() - 2) {
    throw ApiError(500, "INTERNAL_ERROR", "user ids exhausted");
  }
  return highest + 1;
}

User Store::create_user(UserType type, const NewUser& request) {
  check_name("First name", request.first_name);
  check_name("Last name", request.last_name);
  if (request.email.find('@') == std::string::npos) throw bad_request("A valid email is required");
  std::unique_lock lock(mutex_);
  ++state_.version;
  const auto email = lower(request.email);
  for (const auto& [id, existing] : state_.tenant.users) {
    if (existing.email && lower(*existing.email) == email) {
      throw ApiError(400, "EMAIL_ALREADY_IN_USE", "Email is already in use");
    }
  }
  User user;
  user.id = allocate_user_id();
  user.type = type;
  user.uid = random_uuid();
  user.first_name = request.first_name;
  user.last_name = request.last_name;
  user.email = request.email;
  user.phone = request.phone;
  user.invitation_status = "PENDING";
  if (type == UserType::end_user) {
    if (!request.organization_id) throw bad_request("organizationId is required");
    if (!state_.tenant.organizations.contains(*request.organization_id)) {
      throw bad_request("Organization not found");
    }
    user.organization_id = request.organization_id;
    user.full_portal_access = request.full_portal_access;
  }
  state_.tenant.users.emplace(user.id, user);
  return user;
}

User Store::update_user(std::int32_t id, UserType type, const UserPatch& patch) {
  if (patch.first_name) check_name("First name", *patch.first_name);
  if (patch.last_name) check_name("Last name", *patch.last_name);
  std::unique_lock lock(mutex_);
  ++state_.version;
  state_.user(id, type);  // 404 / 400 checks
  auto& user = state_.tenant.users.at(id);
  if (patch.organization_id) {
    if (type != UserType::end_user) throw bad_request("Technicians have no organization");
    if (!state_.tenant.organizations.contains(*patch.organization_id)) {
      throw bad_request("Organization not found");
    }
  }
  if (patch.first_name) user.first_name = *patch.first_name;
  if (patch.last_name) user.last_name = *patch.last_name;
  if (patch.organization_id) user.organization_id = *patch.organization_id;
  if (patch.full_portal_access && type == UserType::end_user) {
    user.full_portal_access = *patch.full_portal_access;
  }
  return user;
}

void Store::delete_user(std::int32_t id, UserType type) {
  std::unique_lock lock(mutex_);
  ++state_.version;
  state_.user(id, type);  // 404 / 400 checks
  state_.tenant.users.erase(id);
  for (auto& [role_id, role] : state_.tenant.roles) role.members.erase(id);
}

Role Store::change_role_members(std::int32_t role_id, const std::vector<std::int32_t>& user_ids,
                                bool add) {
  std::unique_lock lock(mutex_);
  ++state_.version;
  auto role_it = state_.tenant.roles.find(role_id);
  if (role_it == state_.tenant.roles.end()) throw not_found("Role or members not found");
  auto& role = role_it->second;
  for (auto id : user_ids) {
    auto user = state_.tenant.users.find(id);
    if (user == state_.tenant.users.end()) throw not_found("Role or members not found");
    if (user->second.type != role.type) {
      throw ApiError(400, "INVALID_USER_TYPE", "User type does not match role type");
    }
  }
  for (auto id : user_ids) {
    if (add) {
      role.members.try_emplace(id);
    } else {
      role.members.erase(id);
    }
  }
  return role;
}

Ticket Store::create_ticket(Ticket draft) {
  std::unique_lock lock(mutex_);
  ++state_.version;
  if (!state_.tenant.organizations.contains(draft.client_id)) {
    throw bad_request("Client (organization) not found");
  }
  const auto& forms = state_.tenant.ticket_forms;
  if (std::none_of(forms.begin(), forms.end(),
                   [&](const TicketForm& f) { return f.id == draft.ticket_form_id; })) {
    throw bad_request("Ticket form not found");
  }
  if (!state_.status_by_id(draft.status_id)) throw bad_request("Unknown ticket status");
  draft.id = state_.next_ticket_id++;
  draft.version = 1;
  draft.create_time = now_epoch_seconds();
  state_.tickets.emplace(draft.id, draft);
  return draft;
}

Ticket Store::set_ticket_status(std::int32_t ticket_id, std::string_view status_name) {
  std::unique_lock lock(mutex_);
  ++state_.version;
  auto it = state_.tickets.find(ticket_id);
  if (it == state_.tickets.end()) throw not_found("Ticket not found");
  const auto* status = state_.status_by_name(status_name);
  if (!status) throw bad_request("Unknown ticket status name");
  it->second.status_id = status->status_id;
  ++it->second.version;
  return it->second;
}

std::optional<std::int32_t> Store::visit_users_after(
    std::optional<std::int32_t> after, std::size_t limit,
    const std::function<void(const State&, const User&)>& visit) const {
  std::shared_lock lock(mutex_);
  const auto& users = state_.tenant.users;
  auto it = after ? users.upper_bound(*after) : users.begin();
  std::optional<std::int32_t> last;
  for (std::size_t n = 0; it != users.end() && n < limit; ++it, ++n) {
    visit(state_, it->second);
    last = it->first;
  }
  return last;
}

}  // namespace ninjaone_sim
