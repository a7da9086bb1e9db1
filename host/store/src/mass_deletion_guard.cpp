#include "connector/store/mass_deletion_guard.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace connector::store {
namespace {

// "35%" or, when it matters near the threshold, "20.5%".
std::string percent(double share) {
  const double value = share * 100.0;
  char buffer[32];
  if (std::abs(value - std::round(value)) < 0.05) {
    std::snprintf(buffer, sizeof buffer, "%.0f%%", value);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.1f%%", value);
  }
  return buffer;
}

std::optional<std::string> check(const GuardOptions& options, const Removal& removal,
                                 const char* what) {
  if (removal.before <= 0 || removal.removed < options.min_removed) return std::nullopt;
  const double share = static_cast<double>(removal.removed) / static_cast<double>(removal.before);
  if (share <= options.max_removed_share) return std::nullopt;
  return "would remove " + percent(share) + " of " + what + " (" + std::to_string(removal.removed) +
         " of " + std::to_string(removal.before) + "); threshold " +
         percent(options.max_removed_share);
}

}  // namespace

std::optional<std::string> quarantine_reason(const GuardOptions& options, const Removal& users,
                                             const Removal& grants) {
  auto user_reason = check(options, users, "users");
  auto grant_reason = check(options, grants, "grants");
  if (user_reason && grant_reason) return *user_reason + "; " + *grant_reason;
  return user_reason ? user_reason : grant_reason;
}

}  // namespace connector::store
