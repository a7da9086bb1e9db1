// Timed (just-in-time) grants: `grant --for/--until` starts a timer on the grant, the
// host revokes it when due (`expire`, and the service's expiry job every 30 s), and a
// plain `revoke` ends the timer. The timers live in the store (connector/store/
// timed_grants.hpp), so they survive restarts. docs/timed-grants.md.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <connector/store/timed_grants.hpp>

#include "provisioning/audited_change.hpp"

namespace connector::host::provisioning {

// What `grant` was asked for: a duration (--for) or an instant (--until).
struct TimerRequest {
  std::optional<std::chrono::milliseconds> duration;
  std::optional<store::TimePoint> until;
  // Put a timer on a grant the principal already held without one (it will be revoked
  // at expiry); without it such a grant stays untimed.
  bool even_if_held = false;

  // When the grant would expire if granted at `now`.
  store::TimePoint expiry(store::TimePoint now) const;
};

// Before the grant's call (not for a dry run): when the grant has no active timer, one
// is recorded now, with its audit entry "timer started until T", and its id returned.
// Recording it first means a crash between the plugin's write and the host's record
// cannot leave access granted without its timer: at worst the timer revokes at expiry
// access that was never granted (answered already_revoked). Without it (an active
// timer exists: granting again extends it), nothing is recorded and nullopt returned.
std::optional<std::int64_t> reserve_timer(store::Database& db, const std::string& connector,
                                          const std::string& entitlement,
                                          const std::string& principal, const TimerRequest& request,
                                          store::TimePoint now);

// After the grant answered: what its timer became, {"expires_at":TIME|null,"timer":
// "started|extended|kept|not_set","timed_grant":ID?,"note":...?}. `reserved` is what
// reserve_timer returned; `status` what the grant answered (granted, already_granted,
// pending). A reserved timer on a grant the principal already held without one is
// ended ("not_set") unless the request says even_if_held; an existing timer is
// extended. Records nothing when `dry_run`. Each change has an audit entry "timer".
boost::json::object set_timer(store::Database& db, const std::string& connector,
                              const std::string& entitlement, const std::string& principal,
                              const std::string& status, const TimerRequest& request,
                              std::optional<std::int64_t> reserved, store::TimePoint now,
                              bool dry_run);

// Ends the grant's active timer after a revoke that was not its expiry (a plain
// `revoke`, a review's apply), with `outcome` saying which; true when there was one.
bool end_timer(store::Database& db, const std::string& connector, const std::string& entitlement,
               const std::string& principal, store::TimePoint now,
               std::string_view outcome = "revoked by hand");

// How long a failed revoke at expiry waits before it is tried again: 30 s, doubled per
// failure, at most 15 min.
std::chrono::milliseconds expiry_retry_delay(int failures);

// What expiring one timed grant did.
struct Expiry {
  store::TimedGrant grant;
  // revoked, already_revoked, pending, failed, waiting (the grant's own operation is
  // still open), dry_run
  std::string status;
  std::optional<std::string> error;              // failed, waiting: why
  std::optional<store::TimePoint> retry_at;      // failed, waiting: not before
  std::optional<boost::json::object> dry_run;    // dry_run: the request
  std::optional<boost::json::object> operation;  // pending: the plugin's operation
};

// Revokes, through the audited path, every timed grant of the connector due by
// `due_by` (origin {"timed_grant":ID,"expires_at":...}); `now` stamps what is recorded. A revoked,
// already revoked or pending answer ends the timer (state expired); a plugin error or a refusal is
// recorded for a retry after expiry_retry_delay, logged at warn, and the others go on. So is an
// "already revoked" while the grant's own operation is still open (ticket mode: its ticket not
// yet worked), status "waiting": the access may yet be granted, and must not outlive the timer.
// `on_expiry` sees each as it is done. A store failure throws.
std::vector<Expiry> expire_due(const ProvisioningEnvironment& environment, store::TimePoint due_by,
                               store::TimePoint now, bool dry_run,
                               const std::function<void(const Expiry&)>& on_expiry = {});

// {"timed_grant","connector","entitlement","principal","granted_at","expires_at","state",
//  "attempts","next_attempt_at"?,"last_error"?,"ended_at"?,"outcome"?}
boost::json::object to_json(const store::TimedGrant& grant);
// {"timed_grant","entitlement","principal","expires_at","status","error"?,"retry_at"?,
//  "dry_run"?,"operation"?}
boost::json::object to_json(const Expiry& expiry);

}  // namespace connector::host::provisioning
