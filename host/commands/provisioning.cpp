#include "commands/provisioning.hpp"

#include <boost/json/serialize.hpp>

#include <connector/store/audit_log.hpp>
#include <connector/store/operations.hpp>
#include <connector/store/store.hpp>

#include "common/error.hpp"
#include "common/status_names.hpp"
#include "manifest/duration.hpp"
#include "provisioning/redacted_records.hpp"
#include "runtime/call_error.hpp"

namespace connector::host::commands {
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

// Records the entry (and a pending operation), redacted: the ids, the plugin's answer
// and its error text may quote a secret. A store that cannot be written is reported;
// the caller decides whether that fails the command.
void record(Session& session, const manifest::ConnectorConfig& connector,
            const store::AuditEntry& entry, const std::optional<json::object>& pending) {
  store::Store store(session.options().state_dir);
  store::append_audit(store.db(), provisioning::redacted(entry, session.redactor()));
  if (!pending) return;
  store::PendingOperation operation;
  operation.connector = entry.connector;
  operation.kind = entry.operation;
  operation.target = entry.target;
  operation.principal = entry.principal;
  operation.operation_json = json::serialize(*pending);
  operation.state = store::OperationState::pending;
  operation.created_at = entry.time;
  operation.updated_at = entry.time;
  operation.deadline = deadline_of(connector, entry.time);
  store::insert_operation(store.db(),
                          provisioning::redacted(std::move(operation), session.redactor()));
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
void record_failure(Session& session, const manifest::ConnectorConfig& connector,
                    store::AuditEntry entry) {
  try {
    record(session, connector, entry, std::nullopt);
  } catch (const std::exception& e) {
    session.logger()->error("the audit log could not record the failed {}: {}", entry.operation,
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

void run_provisioning(Session& session, const manifest::ConnectorConfig& connector,
                      const ProvisioningAction& action, std::vector<output::Column> columns,
                      const ProvisioningCall& call) {
  store::AuditEntry entry = entry_for(connector, action);
  json::array items;
  try {
    if (!action.dry_run) require_provisioning(connector, action.command);
    auto instance = session.open(connector.manifest.id);
    auto printer = session.printer(std::move(columns));
    call(*instance, [&](json::object&& item) {
      items.push_back(item);
      printer->print(item);
    });
    printer->finish();
  } catch (const runtime::PluginCallError& e) {
    entry.result = "error: " + std::string(status_name(e.status())) + ": " + e.plugin_message();
    entry.request_id = string_member(e.details(), "request_id");
    if (!e.details().empty()) entry.details_json = json::serialize(e.details());
    record_failure(session, connector, std::move(entry));
    throw;
  } catch (const HostError& e) {
    entry.result = (e.code() == ExitCode::provisioning_refused ? "refused: " : "error: ") +
                   std::string(e.what());
    record_failure(session, connector, std::move(entry));
    throw;
  }

  std::optional<json::object> pending;
  std::vector<std::string> results;
  for (const json::value& item : items) {
    if (!item.is_object()) continue;
    const json::object& object = item.get_object();
    results.push_back(result_of(action.operation, object));
    if (!entry.request_id) entry.request_id = string_member(object, "request_id");
    const json::value* operation = object.if_contains("operation");
    if (results.back() == "pending" && operation != nullptr && operation->is_object()) {
      pending = operation->get_object();
    }
  }
  for (const std::string& result : results) {
    entry.result += (entry.result.empty() ? "" : "; ") + result;
  }
  if (entry.result.empty()) entry.result = "no answer";
  entry.details_json = json::serialize(items.size() == 1 ? items.front() : json::value(items));
  try {
    record(session, connector, entry, pending);
  } catch (const std::exception& e) {
    throw HostError(ExitCode::state,
                    "connector '" + connector.manifest.id + "': the " + action.operation +
                        " was answered, but the audit log could not record it: " + e.what());
  }
}

}  // namespace connector::host::commands
