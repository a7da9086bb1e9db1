// One list call as a connector's resource types see it: the host's call, the items
// they emit, and the facts they share within the call and, when the call belongs to
// a walk (ABI 1.2), across the walk's calls (walk_cache.hpp). Outside a walk facts
// live for the call only, so nothing served can be stale; inside one, the host asked
// for one consistent read and later calls reuse them.
//
// A connector derives its own context from this one to add its API client and
// settings, and hands that to its resource types (resource_syncer.hpp).
#ifndef CONNECTOR_SDK_SYNC_CONTEXT_HPP
#define CONNECTOR_SDK_SYNC_CONTEXT_HPP

#include <connector/sdk.hpp>
#include <connector/sdk/walk_cache.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace connector::sdk {

// Thrown out of a listing when the host wants no more items; the syncer turns it into
// a successful return without a next page.
struct HostStopped {};

// One page of a listing: the token the host gave (empty on the first page), its size
// hint (0: the type chooses), and the token of the next page (empty: this was the last).
struct Page {
  std::string_view token;
  std::uint32_t size_hint = 0;
  std::string next;
};

class SyncContext {
 public:
  explicit SyncContext(const Call& call, std::shared_ptr<WalkFacts> walk = nullptr)
      : call_(call), walk_(std::move(walk)) {}
  virtual ~SyncContext() = default;
  SyncContext(const SyncContext&) = delete;
  SyncContext& operator=(const SyncContext&) = delete;

  const Call& call() const noexcept { return call_; }

  // Emits one item; throws HostStopped when the host wants no more.
  void emit(const boost::json::object& item) const;
  // Emits an item already written as JSON text (json_text.hpp); throws HostStopped as
  // emit does. The host copies the text before this returns.
  void emit_text(std::string_view item) const;
  // Emits the grant {"id","entitlement","principal"}; throws HostStopped as emit does.
  void emit_grant(std::string_view entitlement_id, std::string_view principal_id) const;

  // True when the call belongs to a walk: a listing that fetches facts anyway should
  // then gather them and keep them once it completes.
  bool in_walk() const noexcept { return walk_ != nullptr; }

  // The facts under `key`: this call's, else the walk's, else fetch() ones (a T),
  // which are then kept for the call and the walk. So a source is fetched at most
  // once per call and, in a walk, once per walk. fetch() must read the source whole.
  template <class T, class Fetch>
  const T& facts(std::string_view key, Fetch&& fetch) {
    if (const WalkFacts::Shared<T> mine = call_facts_.find<T>(key)) return *mine;
    WalkFacts::Shared<T> found = walk_ ? walk_->find<T>(key) : nullptr;
    if (!found) {
      found = std::make_shared<const T>(fetch());
      if (walk_) walk_->keep<T>(std::string(key), found);
    }
    call_facts_.keep<T>(std::string(key), found);  // keeps it alive for the reference
    return *found;
  }

  // What the walk kept under `key`, or nullptr (always outside a walk).
  template <class T>
  WalkFacts::Shared<T> kept(std::string_view key) const {
    return walk_ ? walk_->find<T>(key) : nullptr;
  }
  // Keeps the facts of a COMPLETE listing for the walk (nothing outside one).
  template <class T>
  void keep(std::string key, T facts) {
    if (walk_) walk_->keep<T>(std::move(key), std::make_shared<const T>(std::move(facts)));
  }

 private:
  const Call& call_;
  std::shared_ptr<WalkFacts> walk_;  // nullptr outside a walk
  WalkFacts call_facts_{""};         // fetched during this call
};

}  // namespace connector::sdk

#endif  // CONNECTOR_SDK_SYNC_CONTEXT_HPP
