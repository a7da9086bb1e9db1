// Removes known secret values from text before it leaves the process.
//
// The host learns a secret when it resolves a manifest's {"env":..}/{"file":..}
// reference, reads a field the plugin's schema marks "x-secret", or a plugin stores
// a rotated one. Every log line and every line of output passes through redact(), so
// a secret that a plugin (or the host) puts into a message is still never printed.
#pragma once

#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace connector::host::log {

class Redactor {
 public:
  static constexpr std::string_view mask = "[REDACTED]";

  // Remembers `secret` (and its JSON-escaped spelling, which is how it appears in
  // JSON output). Empty values are ignored. [thread-safe]
  void add(std::string_view secret);

  // `text` with every known secret replaced by `mask`. [thread-safe]
  std::string redact(std::string_view text) const;

  bool empty() const;

 private:
  void add_locked(std::string value);

  mutable std::shared_mutex mutex_;
  std::vector<std::string>
      secrets_;  // longest first, so a secret containing another is masked whole
};

}  // namespace connector::host::log
