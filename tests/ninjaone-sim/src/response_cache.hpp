// Rendered JSON of read-mostly answers (roles, organizations, statuses, forms), reused
// until the next write. The store's version changes with every write, so a cached body
// is served only while the data it was rendered from is unchanged. This keeps the
// simulator from being the bottleneck of a benchmark that polls the same lists.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

#include "store.hpp"

namespace ninjaone_sim {

class ResponseCache {
 public:
  // The body for `key` rendered at the store's current version: cached, or built by
  // `render` under the store's read lock (exceptions from `render` propagate, nothing
  // is cached).
  std::string get(const std::string& key, const Store& store,
                  const std::function<std::string(const State&)>& render);

 private:
  static constexpr std::size_t kMaxEntries = 1024;  // query strings vary without bound

  struct Entry {
    std::uint64_t version;
    std::string body;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace ninjaone_sim
