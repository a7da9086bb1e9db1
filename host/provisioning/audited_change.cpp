#include "provisioning/audited_change.hpp"

#include <boost/json/serialize.hpp>

#include <connector/store/operations.hpp>

#include "common/error.hpp"
#include "common/status_names.hpp"
#include "manifest/duration.hpp"
#include "runtime/call_error.hpp"

namespace connector::host::provisioning {
namespace {

namespace json = boost::json;

std::optional<std::string> string_member(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string(value->get_string());
}

// What one answered item says happened. A created account is a resource, whose
// "status" is enabled/disabled, so it is named by its id instead.
std::string result_of(std::string_view operation, const json::object& item) {
  if (const json::value* dry = item.if_contains("dry_run"); dry != nullptr && dry->is_object()) {
    const auto method = string_member(dry->get_object(), "method").value_or("?");
    const auto path = string_member(dry->get_object(), "path").value_or("?");
    return "dry_run: " + method + " " + path;
  }
  if (operation == "create_account") {
    if (const auto id = string_member(item, "id")) return "created " + *id;
  }
  if (const auto status = string_member(item, "status")) return *status;
  return "answered";
}

// When a pending operation stops being polled: the ticket template's expire_after
// ("7d"), if the connector's config has one.
std::optional<store::TimePoint> deadline_of(const manifest::ConnectorConfig& connector,
                                            store::TimePoint now) {
  const json::value* ticket = connector.config.if_contains("ticket");
  if (ticket == nullptr || !ticket->is_object()) return std::nullopt;
  const auto text = string_member(ticket->get_object(), "expire_after");
  const auto duration = text ? manifest::parse_duration(*text) : std::nullopt;
  if (!duration) return std::nullopt;
  return now + std::chrono::duration_cast<std::chrono::milliseconds>(*duration);
}

// The entry's details: the answer (or the failure's details) and the origin.
std::optional<std::string> details_with_origin(std::optional<json::value> details,
                                               const ProvisioningAction& action) {
  if (!action.origin) {
    if (!details) return std::nullopt;
    return json::serialize(*details);
  }
  json::object with_origin;
  if (details && details->is_object()) {
    with_origin = std::move(details->get_object());
  } else if (details) {
    with_origin["answer"] = std::move(*details);
  }
  with_origin["origin"] = *action.origin;
  return json::serialize(with_origin);
}

// Records the entry (and a pending operation) in one transaction.
void record(const ProvisioningEnvironment& environment, store::AuditEntry& entry,
            const std::optional<json::object>& pending, std::optional<std::int64_t>& operation_id) {
  store::Transaction transaction(environment.db);
  entry.id = store::append_audit(environment.db, entry);
  if (pending) {
    store::PendingOperation operation;
    operation.connector = entry.connector;
    operation.kind = entry.operation;
    operation.target = entry.target;
    operation.principal = entry.principal;
    operation.operation_json = json::serialize(*pending);
    operation.state = store::OperationState::pending;
    operation.created_at = entry.time;
    operation.updated_at = entry.time;
    operation.deadline = deadline_of(environment.connector, entry.time);
    operation_id = store::insert_operation(environment.db, operation);
  }
  transaction.commit();
}

store::AuditEntry entry_for(const manifest::ConnectorConfig& connector,
                            const ProvisioningAction& action) {
  store::AuditEntry entry;
  entry.time = store::now();
  entry.connector = connector.manifest.id;
  entry.operation = action.operation;
  entry.target = action.target;
  entry.principal = action.principal;
  entry.dry_run = action.dry_run;
  return entry;
}

// A failure's entry is best effort: the failure itself is what the user must see.
void record_failure(const ProvisioningEnvironment& environment, store::AuditEntry entry) {
  try {
    std::optional<std::int64_t> none;
    record(environment, entry, std::nullopt, none);
  } catch (const std::exception& e) {
    environment.logger.error("the audit log could not record the failed {}: {}", entry.operation,
                             e.what());
  }
}

}  // namespace

void require_provisioning(const manifest::ConnectorConfig& connector, std::string_view command) {
  const auto& manifest = connector.manifest;
  if (manifest.provisioning.enabled) return;
  throw HostError(ExitCode::provisioning_refused,
                  "connector '" + manifest.id +
                      "': provisioning is disabled; set \"provisioning\": {\"enabled\": true} in " +
                      manifest.file.string() + " to allow " + std::string(command));
}

std::pair<std::string, std::string> split_grant_id(std::string_view grant_id) {
  const std::size_t last = grant_id.rfind(':');
  const std::size_t second_last = last == std::string_view::npos || last == 0
                                      ? std::string_view::npos
                                      : grant_id.rfind(':', last - 1);
  if (second_last == std::string_view::npos || second_last == 0 || last + 1 == grant_id.size() ||
      last == second_last + 1) {
    throw HostError(ExitCode::usage,
                    "grant id '" + std::string(grant_id) +
                        "' is not ENTITLEMENT_ID:TYPE:ID (eg: role:7:member:user:101)");
  }
  return {std::string(grant_id.substr(0, second_last)),
          std::string(grant_id.substr(second_last + 1))};
}

std::string status_of(const json::object& item) {
  return string_member(item, "status").value_or("");
}

ProvisioningResult run_audited(const ProvisioningEnvironment& environment,
                               const ProvisioningAction& action, const ProvisioningCall& call,
                               const runtime::ItemSink& on_item) {
  const manifest::ConnectorConfig& connector = environment.connector;
  ProvisioningResult result;
  result.entry = entry_for(connector, action);
  store::AuditEntry& entry = result.entry;
  try {
    if (!action.dry_run) require_provisioning(connector, action.command);
    call(environment.instance(), [&](json::object&& item) {
      result.items.push_back(item);
      if (on_item) on_item(std::move(item));
    });
  } catch (const runtime::PluginCallError& e) {
    entry.result = "error: " + std::string(status_name(e.status())) + ": " + e.plugin_message();
    entry.request_id = string_member(e.details(), "request_id");
    entry.details_json = details_with_origin(
        e.details().empty() ? std::nullopt : std::optional<json::value>(e.details()), action);
    record_failure(environment, std::move(entry));
    throw;
  } catch (const HostError& e) {
    entry.result = (e.code() == ExitCode::provisioning_refused ? "refused: " : "error: ") +
                   std::string(e.what());
    entry.details_json = details_with_origin(std::nullopt, action);
    record_failure(environment, std::move(entry));
    throw;
  }

  std::optional<json::object> pending;
  std::vector<std::string> results;
  for (const json::object& item : result.items) {
    results.push_back(result_of(action.operation, item));
    if (!entry.request_id) entry.request_id = string_member(item, "request_id");
    const json::value* operation = item.if_contains("operation");
    if (results.back() == "pending" && operation != nullptr && operation->is_object()) {
      pending = operation->get_object();
    }
  }
  for (const std::string& one : results) entry.result += (entry.result.empty() ? "" : "; ") + one;
  if (entry.result.empty()) entry.result = "no answer";
  json::value answer;
  if (result.items.size() == 1) {
    answer = result.items.front();
  } else {
    json::array all;
    for (const auto& item : result.items) all.push_back(item);
    answer = std::move(all);
  }
  entry.details_json = details_with_origin(std::move(answer), action);
  try {
    record(environment, entry, pending, result.operation_id);
  } catch (const std::exception& e) {
    throw HostError(ExitCode::state,
                    "connector '" + connector.manifest.id + "': the " + action.operation +
                        " was answered, but the audit log could not record it: " + e.what());
  }
  return result;
}

}  // namespace connector::host::provisioning
