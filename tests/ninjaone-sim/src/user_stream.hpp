// Streams a JSON array of users straight from the store, a batch of users per shared
// lock, so a 100,000-user answer exists only as one ~64 KiB chunk at a time.
#pragma once

#include <functional>
#include <optional>

#include "model_json.hpp"
#include "reply.hpp"
#include "store.hpp"

namespace ninjaone_sim {

enum class UserShape { technician, end_user, generic };

class UserStream : public ChunkSource {
 public:
  using Filter = std::function<bool(const User&)>;

  UserStream(const Store& store, Filter filter, UserShape shape, bool include_roles);
  bool next(std::string& chunk) override;

 private:
  static constexpr std::size_t kUsersPerLock = 512;
  static constexpr std::size_t kChunkBytes = 64 * 1024;

  const Store& store_;
  Filter filter_;
  UserShape shape_;
  bool include_roles_;
  std::optional<std::int32_t> cursor_;  // last user id visited
  bool started_ = false;
  bool any_item_ = false;
};

}  // namespace ninjaone_sim
