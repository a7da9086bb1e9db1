#include "connector/store/timed_grants.hpp"

#include <stdexcept>

namespace connector::store {
namespace {

TimedGrantState parse_state(std::string_view name) {
  if (name == "active") return TimedGrantState::active;
  if (name == "expired") return TimedGrantState::expired;
  if (name == "ended") return TimedGrantState::ended;
  throw std::invalid_argument("unknown timed grant state " + std::string(name));
}

std::optional<TimePoint> optional_time(const Statement& row, int column) {
  const auto ms = row.optional_integer(column);
  if (!ms) return std::nullopt;
  return from_unix_ms(*ms);
}

constexpr std::string_view kColumns =
    "SELECT id, connector, entitlement, principal, granted_at, expires_at, state, attempts,"
    " next_attempt_at, last_error, ended_at, outcome FROM timed_grants";

TimedGrant timed_grant_of(const Statement& row) {
  TimedGrant grant;
  grant.id = row.integer(0);
  grant.connector = row.text(1);
  grant.entitlement = row.text(2);
  grant.principal = row.text(3);
  grant.granted_at = from_unix_ms(row.integer(4));
  grant.expires_at = from_unix_ms(row.integer(5));
  grant.state = parse_state(row.text_view(6));
  grant.attempts = static_cast<int>(row.integer(7));
  grant.next_attempt_at = optional_time(row, 8);
  grant.last_error = row.optional_text(9);
  grant.ended_at = optional_time(row, 10);
  grant.outcome = row.optional_text(11);
  return grant;
}

std::vector<TimedGrant> all_of(Statement& query) {
  std::vector<TimedGrant> grants;
  while (query.step()) grants.push_back(timed_grant_of(query));
  return grants;
}

}  // namespace

std::string_view to_string(TimedGrantState state) {
  switch (state) {
    case TimedGrantState::active:
      return "active";
    case TimedGrantState::expired:
      return "expired";
    case TimedGrantState::ended:
      return "ended";
  }
  return "?";
}

std::int64_t start_timed_grant(Database& db, const TimedGrant& grant) {
  Statement insert(db,
                   "INSERT INTO timed_grants (connector, entitlement, principal, granted_at,"
                   " expires_at, state) VALUES (?1, ?2, ?3, ?4, ?5, 'active')");
  insert.bind(1, grant.connector)
      .bind(2, grant.entitlement)
      .bind(3, grant.principal)
      .bind(4, to_unix_ms(grant.granted_at))
      .bind(5, to_unix_ms(grant.expires_at))
      .run();
  return db.last_insert_rowid();
}

std::optional<TimedGrant> find_active_timed_grant(Database& db, std::string_view connector,
                                                  std::string_view entitlement,
                                                  std::string_view principal) {
  Statement query(db, std::string(kColumns) +
                          " WHERE connector = ?1 AND entitlement = ?2 AND principal = ?3"
                          " AND state = 'active'");
  query.bind(1, connector).bind(2, entitlement).bind(3, principal);
  if (!query.step()) return std::nullopt;
  return timed_grant_of(query);
}

void set_expiry(Database& db, std::int64_t id, TimePoint expires_at) {
  Statement update(db,
                   "UPDATE timed_grants SET expires_at = ?2, attempts = 0, next_attempt_at = NULL,"
                   " last_error = NULL WHERE id = ?1 AND state = 'active'");
  update.bind(1, id).bind(2, to_unix_ms(expires_at)).run();
  if (db.changes() != 1) throw std::invalid_argument("no active timed grant " + std::to_string(id));
}

std::vector<TimedGrant> list_timed_grants(Database& db, std::string_view connector, bool finished) {
  Statement query(db, std::string(kColumns) + " WHERE connector = ?1" +
                          (finished ? "" : " AND state = 'active'") + " ORDER BY expires_at, id");
  query.bind(1, connector);
  return all_of(query);
}

std::vector<TimedGrant> due_timed_grants(Database& db, std::string_view connector, TimePoint due_by,
                                         TimePoint now) {
  Statement query(db, std::string(kColumns) +
                          " WHERE state = 'active' AND connector = ?1 AND expires_at <= ?2"
                          " AND (next_attempt_at IS NULL OR next_attempt_at <= ?3)"
                          " ORDER BY expires_at, id");
  query.bind(1, connector).bind(2, to_unix_ms(due_by)).bind(3, to_unix_ms(now));
  return all_of(query);
}

bool finish_timed_grant(Database& db, std::int64_t id, TimedGrantState state, TimePoint at,
                        std::string_view outcome) {
  if (state == TimedGrantState::active) {
    throw std::invalid_argument("a timed grant is finished as expired or ended");
  }
  Statement update(db,
                   "UPDATE timed_grants SET state = ?2, ended_at = ?3, outcome = ?4,"
                   " next_attempt_at = NULL WHERE id = ?1 AND state = 'active'");
  update.bind(1, id).bind(2, to_string(state)).bind(3, to_unix_ms(at)).bind(4, outcome).run();
  return db.changes() == 1;
}

void record_expiry_failure(Database& db, std::int64_t id, std::string_view error,
                           TimePoint retry_at) {
  Statement update(db,
                   "UPDATE timed_grants SET attempts = attempts + 1, last_error = ?2,"
                   " next_attempt_at = ?3 WHERE id = ?1 AND state = 'active'");
  update.bind(1, id).bind(2, error).bind(3, to_unix_ms(retry_at)).run();
}

TimedGrantCounts count_timed_grants(Database& db, std::string_view connector, TimePoint now) {
  Statement query(db,
                  "SELECT coalesce(sum(expires_at > ?2), 0), coalesce(sum(expires_at <= ?2), 0)"
                  " FROM timed_grants WHERE state = 'active' AND connector = ?1");
  query.bind(1, connector).bind(2, to_unix_ms(now));
  query.step();
  return {query.integer(0), query.integer(1)};
}

}  // namespace connector::store
