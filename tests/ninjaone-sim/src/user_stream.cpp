#include "user_stream.hpp"

namespace ninjaone_sim {

UserStream::UserStream(const Store& store, Filter filter, UserShape shape, bool include_roles)
    : store_(store), filter_(std::move(filter)), shape_(shape), include_roles_(include_roles) {}

bool UserStream::next(std::string& chunk) {
  chunk.clear();
  if (!started_) {
    chunk += '[';
    started_ = true;
  }
  // Users added or deleted while the answer streams show up or not depending on
  // their id relative to the cursor, as with any unsnapshotted paged read.
  while (chunk.size() < kChunkBytes) {
    auto last =
        store_.visit_users_after(cursor_, kUsersPerLock, [&](const State& state, const User& user) {
          if (!filter_(user)) return;
          std::optional<RoleNames> roles;
          if (include_roles_) roles = state.role_names_of(user.id);
          const RoleNames* r = roles ? &*roles : nullptr;
          const auto object = shape_ == UserShape::technician ? technician_json(user, r)
                              : shape_ == UserShape::end_user ? end_user_json(user, r)
                                                              : generic_user_json(user, r);
          if (any_item_) chunk += ',';
          any_item_ = true;
          chunk += boost::json::serialize(object);
        });
    if (!last) {
      chunk += ']';
      return false;
    }
    cursor_ = last;
  }
  return true;
}

}  // namespace ninjaone_sim
