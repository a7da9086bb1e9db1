// The simulator's mutable state, shared by every connection. Reads take a shared lock,
// writes an exclusive one, so a write is seen whole by every later read.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "api_error.hpp"
#include "model.hpp"

namespace ninjaone_sim {

struct State {
  Tenant tenant;
  std::uint64_t version = 0;  // bumped by every write; keys the response cache
  std::map<std::int32_t, Ticket> tickets;
  std::int32_t next_ticket_id = 1;

  // Throws ApiError 404 (no such user) or 400 (the id is a user of the other type).
  const User& user(std::int32_t id, UserType type) const;
  const TicketStatus* status_by_id(std::int32_t status_id) const;
  const TicketStatus* status_by_name(std::string_view name) const;
  // Names of the roles `user_id` belongs to (the `roles` field of includeRoles=true).
  std::vector<std::string> role_names_of(std::int32_t user_id) const;
};

struct NewUser {
  std::string first_name;
  std::string last_name;
  std::string email;
  std::optional<std::string> phone;
  std::optional<std::int32_t> organization_id;  // end users
  bool full_portal_access = false;              // end users
  bool send_invitation = false;                 // end users
};

struct UserPatch {
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::int32_t> organization_id;  // end users
  std::optional<bool> full_portal_access;       // end users
};

class Store {
 public:
  explicit Store(Tenant tenant);

  // Runs `f(const State&)` under a shared lock and returns its result.
  template <class F>
  auto read(F&& f) const {
    std::shared_lock lock(mutex_);
    return f(static_cast<const State&>(state_));
  }

  User create_user(UserType type, const NewUser& request);
  User update_user(std::int32_t id, UserType type, const UserPatch& patch);
  // Deletes the user and its role memberships.
  void delete_user(std::int32_t id, UserType type);
  // Adds or removes role members; already-so is success. Every id is checked before
  // anything changes: unknown role or user 404, user of the other type 400.
  Role change_role_members(std::int32_t role_id, const std::vector<std::int32_t>& user_ids,
                           bool add);
  // Fills id, version, create time; checks organization, form and status exist.
  Ticket create_ticket(Ticket draft);
  // Moves a ticket to the status with this name (control API).
  Ticket set_ticket_status(std::int32_t ticket_id, std::string_view status_name);

  // Visits up to `limit` users with id > `after`, in id order, under one shared lock;
  // returns the last id visited or nullopt when none was left. Streaming replies call
  // it batch by batch, so a 100,000-user list is never copied whole.
  std::optional<std::int32_t> visit_users_after(
      std::optional<std::int32_t> after, std::size_t limit,
      const std::function<void(const State&, const User&)>& visit) const;

 private:
  std::int32_t allocate_user_id();

  mutable std::shared_mutex mutex_;
  State state_;
};

}  // namespace ninjaone_sim
