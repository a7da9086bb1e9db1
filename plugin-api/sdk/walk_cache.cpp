#include <connector/sdk/walk_cache.hpp>

#include <stdexcept>
#include <utility>

namespace connector::sdk {

std::shared_ptr<const void> WalkFacts::find_erased(std::string_view key,
                                                   const std::type_info& type) const {
  const std::lock_guard lock(mutex_);
  const auto found = entries_.find(key);
  if (found == entries_.end()) return nullptr;
  if (*found->second.type != type) {
    throw std::logic_error("walk facts '" + std::string(key) + "' were kept as another type");
  }
  return found->second.facts;
}

void WalkFacts::keep_erased(std::string key, std::shared_ptr<const void> facts,
                            const std::type_info& type) {
  std::shared_ptr<const void> replaced;  // freed after the lock is released
  const std::lock_guard lock(mutex_);
  auto& entry = entries_[std::move(key)];
  replaced = std::exchange(entry.facts, std::move(facts));
  entry.type = &type;
}

std::shared_ptr<WalkFacts> WalkCache::walk(std::string_view id) {
  if (id.empty()) return nullptr;
  std::shared_ptr<WalkFacts> replaced;  // freed after the lock is released
  const std::lock_guard lock(mutex_);
  if (current_ == nullptr || current_->id() != id) {
    replaced = std::exchange(current_, std::make_shared<WalkFacts>(std::string(id)));
  }
  return current_;
}

void WalkCache::end(std::string_view id) {
  std::shared_ptr<WalkFacts> ended;
  const std::lock_guard lock(mutex_);
  if (current_ != nullptr && current_->id() == id) ended = std::move(current_);
}

}  // namespace connector::sdk
