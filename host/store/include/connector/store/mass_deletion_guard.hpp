// The mass-deletion guard: a complete sync that would remove a large share of the
// users or grants the last good sync had is more likely a broken API, a wrong
// filter or a revoked permission than a real mass departure, so it is quarantined
// for an operator instead of becoming the truth that downstream tools act on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace connector::store {

struct GuardOptions {
  // Quarantine when more than this share of the previous users or grants is gone.
  double max_removed_share = 0.20;
  // ... and at least this many items are gone: removing 1 of 3 grants in a small
  // tenant is an ordinary revoke, not a mass deletion.
  std::int64_t min_removed = 10;
};

struct Removal {
  std::int64_t removed = 0;  // present in the last good run, absent now
  std::int64_t before = 0;   // in the last good run
};

// Empty when the run may become good; otherwise the reason it is quarantined, eg:
// "would remove 35% of grants (700 of 2000); threshold 20%".
std::optional<std::string> quarantine_reason(const GuardOptions& options, const Removal& users,
                                             const Removal& grants);

}  // namespace connector::store
