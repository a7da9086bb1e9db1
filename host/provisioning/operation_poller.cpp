#include "provisioning/operation_poller.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <stdexcept>

#include "connector/store/audit_log.hpp"
#include "provisioning/confirmation.hpp"
#include "provisioning/redacted_records.hpp"
#include "runtime/call_error.hpp"

namespace connector::host::provisioning {
namespace {

namespace json = boost::json;
using store::OperationState;

json::object parse_object(std::string_view text) {
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec || !value.is_object()) return {};
  return std::move(value.get_object());
}

std::string string_or(const json::object& o, std::string_view key, std::string fallback) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : fallback;
}

bool finished(OperationState state) {
  return state == OperationState::done || state == OperationState::rejected ||
         state == OperationState::expired;
}

// One audit entry per state change, so the log tells the whole story of a ticket
// grant: "pending" when it was opened, then "done (confirmed)", "rejected" or "expired".
// Stored redacted, as everything the plugin said (redacted_records.hpp).
void audit_change(store::Database& db, const log::Redactor& redactor,
                  const store::PendingOperation& operation, const PolledOperation& polled,
                  const json::object& details) {
  store::AuditEntry entry;
  entry.time = store::now();
  entry.connector = operation.connector;
  entry.operation = operation.kind;
  entry.target = operation.target;
  entry.principal = operation.principal;
  entry.result = std::string(store::to_string(polled.after));
  if (polled.confirmation) entry.result += " (" + *polled.confirmation + ")";
  entry.details_json = json::serialize(details);
  store::append_audit(db, redacted(std::move(entry), redactor));
}

// What the entitlement and principal of the operation are: the store's columns, else
// the plugin's operation object.
struct Change {
  std::string kind, entitlement, principal;
};
Change change_of(const store::PendingOperation& operation, const json::object& object) {
  return {string_or(object, "operation", operation.kind),
          operation.target.value_or(string_or(object, "entitlement", "")),
          operation.principal.value_or(string_or(object, "principal", ""))};
}

PolledOperation started(const store::PendingOperation& operation) {
  PolledOperation polled;
  polled.id = operation.id;
  polled.before = polled.after = operation.state;
  return polled;
}

class Poller {
 public:
  Poller(store::Database& db, const log::Redactor& redactor, const InstanceOpener& open_instance)
      : db_(db), redactor_(redactor), open_instance_(open_instance) {}

  PolledOperation expire(const store::PendingOperation& operation, store::TimePoint deadline) {
    PolledOperation polled = started(operation);
    polled.after = OperationState::expired;
    polled.detail = "no final status before the deadline " + store::to_iso8601(deadline);
    const json::object outcome{{"reason", "deadline passed"},
                               {"deadline", store::to_iso8601(deadline)}};
    record(operation.id, OperationState::expired, polled.detail, json::serialize(outcome));
    audit_change(db_, redactor_, operation, polled, outcome);
    return polled;
  }

  PolledOperation poll(const store::PendingOperation& operation) {
    PolledOperation polled = started(operation);
    json::object answer;
    try {
      instance().get_operation(operation.operation_json,
                               [&](json::object&& item) { answer = std::move(item); });
      polled.after = store::parse_operation_state(string_or(answer, "state", ""));
    } catch (const runtime::PluginCallError& e) {
      return failed(operation, polled, std::string("poll failed: ") + e.what());
    } catch (const std::invalid_argument&) {
      return failed(
          operation, polled,
          "poll failed: the plugin answered without a known state: " + json::serialize(answer));
    }
    polled.detail = string_or(answer, "detail", std::string(store::to_string(polled.after)));
    const auto* known = answer.if_contains("status_known");
    polled.status_unknown = known != nullptr && known->is_bool() && !known->get_bool();

    std::optional<std::string> outcome;
    if (finished(polled.after)) {
      json::object record{{"result", answer}};
      if (polled.after == OperationState::done && wants_confirmation(answer)) {
        confirm(operation, polled, record);
      }
      outcome = json::serialize(record);
    }
    record(operation.id, polled.after, polled.detail, outcome);
    if (polled.after != polled.before) {
      audit_change(db_, redactor_, operation, polled, outcome ? parse_object(*outcome) : answer);
    }
    return polled;
  }

 private:
  runtime::Instance& instance() {
    if (!instance_) instance_ = open_instance_();
    return *instance_;
  }

  static bool wants_confirmation(const json::object& answer) {
    const auto* v = answer.if_contains("confirm_after_done");
    return v == nullptr || !v->is_bool() || v->get_bool();
  }

  PolledOperation failed(const store::PendingOperation& operation, PolledOperation polled,
                         std::string detail) {
    polled.failed = true;
    polled.after = operation.state;
    polled.detail = std::move(detail);
    record(operation.id, operation.state, polled.detail);
    return polled;
  }

  // Records "confirmed" or "not_confirmed" in the outcome; a failed re-read leaves the
  // operation done (the ticket said so) and says why it could not be confirmed.
  void confirm(const store::PendingOperation& operation, PolledOperation& polled,
               json::object& record) {
    const Change change = change_of(operation, parse_object(operation.operation_json));
    try {
      const Confirmation confirmation =
          confirm_change(instance(), change.kind, change.entitlement, change.principal);
      polled.confirmation = std::string(to_string(confirmation));
      record["confirmation"] = *polled.confirmation;
      polled.detail += confirmation == Confirmation::confirmed
                           ? "; the role shows the change"
                           : "; the role does NOT show the change";
    } catch (const std::exception& e) {
      polled.failed = true;
      record["confirmation"] = "unknown";
      record["confirmation_error"] = e.what();
      polled.detail += std::string("; the role could not be re-read: ") + e.what();
    }
  }

  // The state seen, stored redacted: a status text or an error may quote a secret.
  void record(std::int64_t id, OperationState state, const std::string& detail,
              const std::optional<std::string>& outcome = std::nullopt) {
    store::update_operation(db_, id, state, redactor_.redact(detail), redacted(outcome, redactor_));
  }

  store::Database& db_;
  const log::Redactor& redactor_;
  const InstanceOpener& open_instance_;
  std::unique_ptr<runtime::Instance> instance_;
};

}  // namespace

std::size_t PollReport::failures() const {
  return static_cast<std::size_t>(
      std::count_if(operations.begin(), operations.end(), [](const auto& o) { return o.failed; }));
}

std::size_t PollReport::changed() const {
  return static_cast<std::size_t>(std::count_if(operations.begin(), operations.end(),
                                                [](const auto& o) { return o.after != o.before; }));
}

std::optional<store::TimePoint> deadline_of(const store::PendingOperation& operation) {
  if (operation.deadline) return operation.deadline;
  const json::object object = parse_object(operation.operation_json);
  const auto* seconds = object.if_contains("expire_after_seconds");
  if (seconds == nullptr || !seconds->is_int64() || seconds->get_int64() <= 0) return std::nullopt;
  return operation.created_at + std::chrono::seconds(seconds->get_int64());
}

PollReport poll_operations(store::Database& db, std::string_view connector,
                           const log::Redactor& redactor, const InstanceOpener& open_instance,
                           store::TimePoint now) {
  PollReport report;
  Poller poller(db, redactor, open_instance);
  for (const store::PendingOperation& operation : store::operations_to_poll(db, connector)) {
    const auto deadline = deadline_of(operation);
    report.operations.push_back(deadline && *deadline < now ? poller.expire(operation, *deadline)
                                                            : poller.poll(operation));
  }
  return report;
}

}  // namespace connector::host::provisioning
