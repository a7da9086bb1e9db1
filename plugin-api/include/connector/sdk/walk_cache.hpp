// What one plugin instance keeps for the walk it is serving (ABI 1.2 walk ids): the
// facts a full sync would otherwise fetch again, call after call. A sync lists each
// type's resources, then the entitlements and the grants of every resource; a
// connector whose listings share sources (the users a grant listing needs again, the
// pages an entitlement listing needs again) keeps them here, so each is fetched once
// per walk.
//
// Facts are kept under a key the connector chooses (eg: "users", or a page's request
// target), as shared immutable values of any type. Only complete listings should be
// kept: a listing that failed, was cancelled or was stopped early by the host keeps
// nothing, so a later call of the walk fetches again rather than serving a part as the
// whole. An instance keeps one walk: a call with another walk id starts afresh and
// drops the old one (a call still running for the old walk keeps its own reference,
// so nothing it uses goes away). end_walk and the instance's destruction free it.
// Every member is thread-safe: one instance may serve several calls at once.
#ifndef CONNECTOR_SDK_WALK_CACHE_HPP
#define CONNECTOR_SDK_WALK_CACHE_HPP

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <typeinfo>

namespace connector::sdk {

// The facts kept for one walk (or, in SyncContext, for one call). A key answers
// nullptr until something was kept under it; keeping a key twice (two calls racing)
// keeps the later value.
class WalkFacts {
 public:
  template <class T>
  using Shared = std::shared_ptr<const T>;

  explicit WalkFacts(std::string id) : id_(std::move(id)) {}
  const std::string& id() const noexcept { return id_; }

  // What was kept under `key`, or nullptr. Throws std::logic_error when it was kept
  // as another type (a connector bug: one key, one type).
  template <class T>
  Shared<T> find(std::string_view key) const {
    return std::static_pointer_cast<const T>(find_erased(key, typeid(T)));
  }

  template <class T>
  void keep(std::string key, Shared<T> facts) {
    keep_erased(std::move(key), std::move(facts), typeid(T));
  }

 private:
  struct Entry {
    std::shared_ptr<const void> facts;
    const std::type_info* type;
  };

  std::shared_ptr<const void> find_erased(std::string_view key, const std::type_info& type) const;
  void keep_erased(std::string key, std::shared_ptr<const void> facts, const std::type_info& type);

  const std::string id_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry, std::less<>> entries_;
};

// The walk an instance is serving now.
class WalkCache {
 public:
  // The facts of walk `id`, empty if it is not the walk kept until now (which it then
  // replaces). nullptr for an empty id: a call outside any walk keeps nothing.
  std::shared_ptr<WalkFacts> walk(std::string_view id);

  // Frees walk `id` when it is the one kept; any other id is ignored.
  void end(std::string_view id);

 private:
  std::mutex mutex_;
  std::shared_ptr<WalkFacts> current_;
};

}  // namespace connector::sdk

#endif  // CONNECTOR_SDK_WALK_CACHE_HPP
