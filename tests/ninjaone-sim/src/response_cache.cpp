#include "response_cache.hpp"

namespace ninjaone_sim {

std::string ResponseCache::get(const std::string& key, const Store& store,
                               const std::function<std::string(const State&)>& render) {
  const auto current = store.read([](const State& s) { return s.version; });
  {
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end() && it->second.version == current) {
      return it->second.body;
    }
  }
  std::uint64_t version = 0;
  auto body = store.read([&](const State& s) {
    version = s.version;
    return render(s);
  });
  std::lock_guard lock(mutex_);
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_[key] = Entry{version, body};
  return body;
}

}  // namespace ninjaone_sim
