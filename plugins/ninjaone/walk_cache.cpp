#include "walk_cache.hpp"

#include <utility>

namespace ninjaone {

WalkFacts::Shared<std::vector<resources::UserFacts>> WalkFacts::users() const {
  const std::lock_guard lock(mutex_);
  return users_;
}

void WalkFacts::keep_users(Shared<std::vector<resources::UserFacts>> users) {
  const std::lock_guard lock(mutex_);
  users_ = std::move(users);
}

WalkFacts::Shared<std::vector<resources::RoleFacts>> WalkFacts::roles() const {
  const std::lock_guard lock(mutex_);
  return roles_;
}

void WalkFacts::keep_roles(Shared<std::vector<resources::RoleFacts>> roles) {
  const std::lock_guard lock(mutex_);
  roles_ = std::move(roles);
}

WalkFacts::Shared<resources::OrganizationPage> WalkFacts::organization_page(
    std::string_view target) const {
  const std::lock_guard lock(mutex_);
  const auto found = organization_pages_.find(target);
  return found == organization_pages_.end() ? nullptr : found->second;
}

void WalkFacts::keep_organization_page(std::string target,
                                       Shared<resources::OrganizationPage> page) {
  const std::lock_guard lock(mutex_);
  organization_pages_.insert_or_assign(std::move(target), std::move(page));
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

}  // namespace ninjaone
