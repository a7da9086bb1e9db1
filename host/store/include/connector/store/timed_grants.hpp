// Timed (just-in-time) grants: a grant the host made with an expiry, which it revokes
// when due (`expire`, the service's expiry job). One active timer per (connector,
// entitlement, principal); finished ones stay as evidence. docs/timed-grants.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connector/store/sqlite.hpp"
#include "connector/store/sync_run.hpp"

namespace connector::store {

//  active   the timer runs (also while a failed revoke at expiry is retried)
//  expired  revoked at expiry (outcome: revoked, already_revoked or pending)
//  ended    stopped before expiry (outcome: why, eg "revoked by hand")
enum class TimedGrantState { active, expired, ended };
std::string_view to_string(TimedGrantState state);

struct TimedGrant {
  std::int64_t id = 0;  // assigned by the store
  std::string connector;
  std::string entitlement;
  std::string principal;
  TimePoint granted_at;
  TimePoint expires_at;
  TimedGrantState state = TimedGrantState::active;
  int attempts = 0;  // failed revokes at expiry
  std::optional<TimePoint> next_attempt_at;
  std::optional<std::string> last_error;
  std::optional<TimePoint> ended_at;
  std::optional<std::string> outcome;
};

// Starts a timer (state active); returns its id. Throws SqliteError (constraint) when
// the grant has an active timer already.
std::int64_t start_timed_grant(Database& db, const TimedGrant& grant);
// The grant's active timer, if any.
std::optional<TimedGrant> find_active_timed_grant(Database& db, std::string_view connector,
                                                  std::string_view entitlement,
                                                  std::string_view principal);
// Moves an active timer's expiry (granting again with --for extends it) and clears
// its failures.
void set_expiry(Database& db, std::int64_t id, TimePoint expires_at);
// The connector's timers, by expiry: the active ones, or with `finished` all of them.
std::vector<TimedGrant> list_timed_grants(Database& db, std::string_view connector, bool finished);
// Active timers of the connector due by `due_by` (expires_at <= due_by) and not waiting
// for a retry at `now` (next_attempt_at empty or <= now), oldest expiry first.
std::vector<TimedGrant> due_timed_grants(Database& db, std::string_view connector, TimePoint due_by,
                                         TimePoint now);
// Ends an active timer: `state` expired or ended, with its outcome. false when it was no
// longer active (another process ended it meanwhile: a plain revoke, a concurrent expire).
bool finish_timed_grant(Database& db, std::int64_t id, TimedGrantState state, TimePoint at,
                        std::string_view outcome);
// A revoke at expiry failed: counted, the error kept, retried not before `retry_at`.
void record_expiry_failure(Database& db, std::int64_t id, std::string_view error,
                           TimePoint retry_at);

struct TimedGrantCounts {
  std::int64_t active = 0;   // running, not yet due
  std::int64_t overdue = 0;  // due and not yet revoked (a revoke failed or is waiting)
};
TimedGrantCounts count_timed_grants(Database& db, std::string_view connector, TimePoint now);

}  // namespace connector::store
