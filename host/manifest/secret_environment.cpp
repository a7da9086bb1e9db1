#include "manifest/secret_environment.hpp"

#include <cstdlib>
#include <map>
#include <mutex>
#include <set>

namespace connector::host::manifest {
namespace {

struct Kept {
  std::mutex mutex;
  std::map<std::string, std::string, std::less<>> values;  // every variable read, by name
  std::set<std::string, std::less<>> removed;              // those remove_secret_variables() unset
};

Kept& kept() {
  static Kept instance;
  return instance;
}

}  // namespace

std::optional<std::string> secret_variable(const std::string& name) {
  Kept& store = kept();
  const std::lock_guard lock(store.mutex);
  if (const char* value = std::getenv(name.c_str()); value != nullptr) {
    store.values[name] = value;
    return std::string(value);
  }
  // Only what this file took away is answered from memory: a variable the process
  // unset by other means is not set.
  if (store.removed.count(name) != 0) return store.values.at(name);
  return std::nullopt;
}

void remove_secret_variables() {
  Kept& store = kept();
  const std::lock_guard lock(store.mutex);
  for (const auto& entry : store.values) {
    const std::string& name = entry.first;
    if (std::getenv(name.c_str()) == nullptr) continue;  // unset since, by someone else
    ::unsetenv(name.c_str());
    store.removed.insert(name);
  }
}

}  // namespace connector::host::manifest
