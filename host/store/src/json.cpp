#include "connector/store/json.hpp"

#include <boost/json/parse.hpp>

#include <optional>
#include <string>

namespace connector::store {
namespace {

void put_optional(boost::json::object& object, std::string_view key,
                  const std::optional<std::string>& value) {
  if (value) object[key] = *value;
}

// A JSON text the store kept (details, operation, outcome) as a JSON value; text
// that does not parse is shown as a string rather than lost.
boost::json::value json_value(const std::string& text) {
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(text, error);
  if (error) return boost::json::string(text);
  return value;
}

}  // namespace

boost::json::object to_json(const SyncRun& run) {
  boost::json::object object{{"run_id", run.id},
                             {"connector", run.connector},
                             {"status", to_string(run.status)},
                             {"started_at", to_iso8601(run.started_at)}};
  if (run.finished_at) {
    object["finished_at"] = to_iso8601(*run.finished_at);
    object["duration_ms"] = to_unix_ms(*run.finished_at) - to_unix_ms(run.started_at);
  }
  object["resource_types"] = run.counts.resource_types;
  object["resources"] = run.counts.resources;
  object["entitlements"] = run.counts.entitlements;
  object["grants"] = run.counts.grants;
  object["added"] = run.changes.added;
  object["changed"] = run.changes.changed;
  object["removed"] = run.changes.removed;
  put_optional(object, "error", run.error);
  put_optional(object, "quarantine_reason", run.quarantine_reason);
  return object;
}

boost::json::object to_json(const ResourceChange& change) {
  boost::json::object object{{"change", to_string(change.change)},
                             {"kind", "resource"},
                             {"id", change.id},
                             {"type", change.type}};
  put_optional(object, "display_name", change.display_name);
  put_optional(object, "status", change.status);
  put_optional(object, "old_display_name", change.old_display_name);
  put_optional(object, "old_status", change.old_status);
  return object;
}

boost::json::object to_json(const GrantChange& change) {
  return {{"change", to_string(change.change)},
          {"kind", "grant"},
          {"id", change.id},
          {"entitlement", change.entitlement},
          {"principal", change.principal}};
}

boost::json::object to_json(const HistoryChange& change) {
  boost::json::object object{{"run", change.run},
                             {"time", to_iso8601_seconds(change.time)},
                             {"change", to_string(change.change)},
                             {"kind", change.kind},
                             {"id", change.id}};
  put_optional(object, "entitlement", change.entitlement);
  put_optional(object, "principal", change.principal);
  return object;
}

boost::json::object to_json(const AuditEntry& entry) {
  boost::json::object object{{"id", entry.id},
                             {"time", to_iso8601(entry.time)},
                             {"connector", entry.connector},
                             {"operation", entry.operation}};
  put_optional(object, "target", entry.target);
  put_optional(object, "principal", entry.principal);
  object["result"] = entry.result;
  put_optional(object, "request_id", entry.request_id);
  object["dry_run"] = entry.dry_run;
  if (entry.details_json) object["details"] = json_value(*entry.details_json);
  return object;
}

boost::json::object to_json(const PendingOperation& operation) {
  boost::json::object object{
      {"id", operation.id}, {"connector", operation.connector}, {"kind", operation.kind}};
  put_optional(object, "target", operation.target);
  put_optional(object, "principal", operation.principal);
  object["operation"] = json_value(operation.operation_json);
  object["state"] = to_string(operation.state);
  object["created_at"] = to_iso8601(operation.created_at);
  object["updated_at"] = to_iso8601(operation.updated_at);
  if (operation.deadline) object["deadline"] = to_iso8601(*operation.deadline);
  put_optional(object, "last_detail", operation.last_detail);
  if (operation.outcome_json) object["outcome"] = json_value(*operation.outcome_json);
  return object;
}

}  // namespace connector::store
