#include "provisioning/timed_grants.hpp"

#include <boost/json/serialize.hpp>

#include <connector/store/audit_log.hpp>
#include <connector/store/operations.hpp>

#include <algorithm>

#include "common/error.hpp"
#include "common/status_names.hpp"
#include "runtime/call_error.hpp"

namespace connector::host::provisioning {
namespace {

namespace json = boost::json;

void audit_timer(store::Database& db, const std::string& connector, const std::string& entitlement,
                 const std::string& principal, store::TimePoint now, const std::string& result,
                 const json::object& details) {
  store::AuditEntry entry;
  entry.time = now;
  entry.connector = connector;
  entry.operation = "timer";
  entry.target = entitlement;
  entry.principal = principal;
  entry.result = result;
  entry.details_json = json::serialize(details);
  store::append_audit(db, entry);
}

// Records a new active timer and its audit entry; the caller holds the transaction.
std::int64_t start_timer(store::Database& db, const std::string& connector,
                         const std::string& entitlement, const std::string& principal,
                         store::TimePoint expires_at, store::TimePoint now) {
  store::TimedGrant grant;
  grant.connector = connector;
  grant.entitlement = entitlement;
  grant.principal = principal;
  grant.granted_at = now;
  grant.expires_at = expires_at;
  const std::int64_t id = store::start_timed_grant(db, grant);
  audit_timer(db, connector, entitlement, principal, now,
              "timer started until " + store::to_iso8601(expires_at),
              {{"timed_grant", id}, {"expires_at", store::to_iso8601(expires_at)}});
  return id;
}

}  // namespace

store::TimePoint TimerRequest::expiry(store::TimePoint now) const {
  if (until) return *until;
  return now + duration.value_or(std::chrono::milliseconds(0));
}

std::optional<std::int64_t> reserve_timer(store::Database& db, const std::string& connector,
                                          const std::string& entitlement,
                                          const std::string& principal, const TimerRequest& request,
                                          store::TimePoint now) {
  store::Transaction transaction(db);
  if (store::find_active_timed_grant(db, connector, entitlement, principal)) return std::nullopt;
  const std::int64_t id =
      start_timer(db, connector, entitlement, principal, request.expiry(now), now);
  transaction.commit();
  return id;
}

json::object set_timer(store::Database& db, const std::string& connector,
                       const std::string& entitlement, const std::string& principal,
                       const std::string& status, const TimerRequest& request,
                       std::optional<std::int64_t> reserved, store::TimePoint now, bool dry_run) {
  store::Transaction transaction(db);
  const auto active = store::find_active_timed_grant(db, connector, entitlement, principal);
  store::TimePoint expires_at = request.expiry(now);
  const bool held_untimed =
      status == "already_granted" && !request.even_if_held && (reserved || !active);
  json::object out;
  if (held_untimed) {
    out = {{"expires_at", nullptr},
           {"timer", "not_set"},
           {"note",
            "the principal already held this entitlement without a timer; it stays "
            "untimed (grant again with --timed-even-if-held to put a timer on it)"}};
    if (!dry_run) {
      if (reserved) {
        store::finish_timed_grant(db, *reserved, store::TimedGrantState::ended, now,
                                  "not set: already held without a timer");
      }
      audit_timer(db, connector, entitlement, principal, now,
                  "timer not set: already held without one",
                  {{"asked_until", store::to_iso8601(expires_at)}});
    }
  } else if (reserved && active && active->id == *reserved) {
    out = {{"expires_at", store::to_iso8601(active->expires_at)},
           {"timer", "started"},
           {"timed_grant", active->id}};
  } else if (active) {
    // --for extends (never shortens); --until sets the instant asked for.
    if (!request.until) expires_at = std::max(expires_at, active->expires_at);
    const bool moved = expires_at != active->expires_at;
    out = {{"expires_at", store::to_iso8601(expires_at)},
           {"timer", moved ? "extended" : "kept"},
           {"timed_grant", active->id}};
    if (!dry_run && moved) {
      store::set_expiry(db, active->id, expires_at);
      audit_timer(db, connector, entitlement, principal, now,
                  "timer extended to " + store::to_iso8601(expires_at),
                  {{"timed_grant", active->id},
                   {"expires_at", store::to_iso8601(expires_at)},
                   {"was", store::to_iso8601(active->expires_at)}});
    }
  } else if (dry_run) {
    out = {{"expires_at", store::to_iso8601(expires_at)}, {"timer", "started"}};
  } else {
    // The reserved timer was ended meanwhile (a concurrent revoke or expire): start
    // another, since the grant went through after it.
    const std::int64_t id = start_timer(db, connector, entitlement, principal, expires_at, now);
    out = {
        {"expires_at", store::to_iso8601(expires_at)}, {"timer", "started"}, {"timed_grant", id}};
  }
  transaction.commit();
  return out;
}

bool end_timer(store::Database& db, const std::string& connector, const std::string& entitlement,
               const std::string& principal, store::TimePoint now, std::string_view outcome) {
  store::Transaction transaction(db);
  const auto active = store::find_active_timed_grant(db, connector, entitlement, principal);
  if (!active) return false;
  store::finish_timed_grant(db, active->id, store::TimedGrantState::ended, now, outcome);
  transaction.commit();
  return true;
}

namespace {

// The grant's own operation still in progress (eg its ticket not yet worked), if any:
// while it is, the access may still be granted, so "already revoked" ends nothing.
std::optional<store::PendingOperation> open_grant_of(store::Database& db,
                                                     const std::string& connector,
                                                     const store::TimedGrant& grant) {
  for (auto& operation : store::operations_to_poll(db, connector)) {
    if (operation.kind == "grant" && operation.target == grant.entitlement &&
        operation.principal == grant.principal)
      return std::move(operation);
  }
  return std::nullopt;
}

}  // namespace

std::chrono::milliseconds expiry_retry_delay(int failures) {
  constexpr std::chrono::milliseconds first = std::chrono::seconds(30);
  constexpr std::chrono::milliseconds most = std::chrono::minutes(15);
  std::chrono::milliseconds delay = first;
  for (int i = 1; i < failures && delay < most; ++i) delay *= 2;
  return std::min(delay, most);
}

std::vector<Expiry> expire_due(const ProvisioningEnvironment& environment, store::TimePoint due_by,
                               store::TimePoint now, bool dry_run,
                               const std::function<void(const Expiry&)>& on_expiry) {
  const std::string& connector = environment.connector.manifest.id;
  std::vector<Expiry> done;
  for (store::TimedGrant& grant : store::due_timed_grants(environment.db, connector, due_by, now)) {
    Expiry expiry{std::move(grant), "", {}, {}, {}, {}};
    const store::TimedGrant& due = expiry.grant;
    const ProvisioningAction action{
        "expire",
        "revoke",
        due.entitlement,
        due.principal,
        dry_run,
        json::object{{"timed_grant", due.id}, {"expires_at", store::to_iso8601(due.expires_at)}}};
    try {
      const auto result = run_audited(
          environment, action, [&](runtime::Instance& instance, const runtime::ItemSink& sink) {
            instance.revoke(due.entitlement, due.principal, dry_run, sink);
          });
      const json::object answer = result.items.empty() ? json::object() : result.items.front();
      if (dry_run) {
        expiry.status = "dry_run";
        if (const auto* request = answer.if_contains("dry_run"); request && request->is_object())
          expiry.dry_run = request->get_object();
      } else {
        expiry.status = status_of(answer);
        if (const auto* operation = answer.if_contains("operation");
            operation && operation->is_object())
          expiry.operation = operation->get_object();
        const auto open_grant = expiry.status == "already_revoked"
                                    ? open_grant_of(environment.db, connector, due)
                                    : std::nullopt;
        if (open_grant) {
          // Ticket mode: the grant's ticket is not worked yet. Ending the timer now would
          // leave the access it grants later with no end: wait for it, as for a failure.
          expiry.status = "waiting";
          expiry.error = "the grant's operation " + std::to_string(open_grant->id) +
                         " is still open; its access is revoked once it is granted";
        } else if (expiry.status == "revoked" || expiry.status == "already_revoked" ||
                   expiry.status == "pending") {
          // false: a concurrent revoke or expire finished it first; nothing to record.
          store::finish_timed_grant(environment.db, due.id, store::TimedGrantState::expired, now,
                                    expiry.status);
        } else {
          expiry.error = "the plugin answered '" + expiry.status + "'";
          expiry.status = "failed";
        }
      }
    } catch (const runtime::PluginCallError& e) {
      if (e.status() == CONN_CANCELLED) throw;
      expiry.status = "failed";
      expiry.error = std::string(status_name(e.status())) + ": " + e.plugin_message();
    } catch (const HostError& e) {
      if (e.code() != ExitCode::provisioning_refused) throw;  // eg: the audit log failed
      expiry.status = "failed";
      expiry.error = e.what();
    }
    // The plugin's error may quote a secret: stored, logged and printed redacted.
    if (expiry.error) expiry.error = environment.redactor.redact(*expiry.error);
    if ((expiry.status == "failed" || expiry.status == "waiting") && !dry_run) {
      expiry.retry_at = now + expiry_retry_delay(due.attempts + 1);
      store::record_expiry_failure(environment.db, due.id, *expiry.error, *expiry.retry_at);
      environment.logger.warn(
          "timed grant {} ({} of {}) was due at {} and could not be revoked (attempt {}): {}; "
          "retrying at {}",
          due.id, due.entitlement, due.principal, store::to_iso8601(due.expires_at),
          due.attempts + 1, *expiry.error, store::to_iso8601(*expiry.retry_at));
    }
    if (on_expiry) on_expiry(expiry);
    done.push_back(std::move(expiry));
  }
  return done;
}

json::object to_json(const store::TimedGrant& grant) {
  json::object out{{"timed_grant", grant.id},
                   {"connector", grant.connector},
                   {"entitlement", grant.entitlement},
                   {"principal", grant.principal},
                   {"granted_at", store::to_iso8601(grant.granted_at)},
                   {"expires_at", store::to_iso8601(grant.expires_at)},
                   {"state", store::to_string(grant.state)},
                   {"attempts", grant.attempts}};
  if (grant.next_attempt_at) out["next_attempt_at"] = store::to_iso8601(*grant.next_attempt_at);
  if (grant.last_error) out["last_error"] = *grant.last_error;
  if (grant.ended_at) out["ended_at"] = store::to_iso8601(*grant.ended_at);
  if (grant.outcome) out["outcome"] = *grant.outcome;
  return out;
}

json::object to_json(const Expiry& expiry) {
  json::object out{{"timed_grant", expiry.grant.id},
                   {"entitlement", expiry.grant.entitlement},
                   {"principal", expiry.grant.principal},
                   {"expires_at", store::to_iso8601(expiry.grant.expires_at)},
                   {"status", expiry.status}};
  if (expiry.error) out["error"] = *expiry.error;
  if (expiry.retry_at) out["retry_at"] = store::to_iso8601(*expiry.retry_at);
  if (expiry.dry_run) out["dry_run"] = *expiry.dry_run;
  if (expiry.operation) out["operation"] = *expiry.operation;
  return out;
}

}  // namespace connector::host::provisioning
