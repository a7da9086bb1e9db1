// The one audited path of every provisioning change (grant, revoke, create-account,
// delete-account), whoever asks for it: a command, an access review's apply, or the
// expiry of a timed grant in `expire` or the service. It checks that the manifest
// enables provisioning, calls the plugin, and records what happened in the store's
// audit log (and a "pending" answer in its operations table), failures included.
//
// It takes what it needs rather than a command's Session, so that code below the
// command line (host/review, the service's expiry job) uses it too.
#pragma once

#include <spdlog/logger.h>

#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <connector/store/audit_log.hpp>
#include <connector/store/sqlite.hpp>
#include <connector/store/sync_run.hpp>

#include "manifest/connector_catalog.hpp"
#include "runtime/call_context.hpp"
#include "runtime/instance.hpp"

namespace connector::host::provisioning {

// Throws HostError (provisioning_refused) unless the connector's manifest sets
// "provisioning": {"enabled": true}; the message says how to enable it.
void require_provisioning(const manifest::ConnectorConfig& connector, std::string_view command);

// A grant id ENTITLEMENT_ID:PRINCIPAL_ID split in two: the principal is its last two
// ':'-separated segments (eg: "role:7:member:user:101" -> {"role:7:member",
// "user:101"}). Throws HostError (usage) when it has fewer than three segments.
std::pair<std::string, std::string> split_grant_id(std::string_view grant_id);

// One provisioning action as the audit log names it.
struct ProvisioningAction {
  std::string command;                   // eg: "create-account" (for messages)
  std::string operation;                 // grant, revoke, create_account, delete_account
  std::optional<std::string> target;     // eg: "role:7:member", "user:101", the type created
  std::optional<std::string> principal;  // eg: "user:101" (grant and revoke)
  bool dry_run = false;
  // Why the host acts when a person did not ask for this one change: an access review
  // ({"review":3,"name":"Q4 roles"}) or a timed grant's expiry ({"timed_grant":5,
  // "expires_at":"..."}). Kept in the audit entry's details as "origin".
  std::optional<boost::json::object> origin;
};

// The plugin call of an action: calls the instance, handing every item to `sink`.
using ProvisioningCall = std::function<void(runtime::Instance&, const runtime::ItemSink&)>;

// The connector's plugin instance, made on first use (after the checks) and kept by
// the caller, so that a review's apply or an expiry run uses one instance for all.
using InstanceSource = std::function<runtime::Instance&()>;

// What an audited change needs; every member must outlive the call.
struct ProvisioningEnvironment {
  const manifest::ConnectorConfig& connector;
  store::Database& db;  // where the audit entry and a pending operation go
  InstanceSource instance;
  spdlog::logger& logger;
};

struct ProvisioningResult {
  std::vector<boost::json::object> items;    // what the plugin answered
  store::AuditEntry entry;                   // as recorded (its id set)
  std::optional<std::int64_t> operation_id;  // the pending operation recorded, if any
};

// Runs `call` on the connector, handing each answered item to `on_item` as it comes
// (after checking that the manifest enables provisioning; dry runs skip the check).
// Whatever happens, appends one entry to the audit log: the result (the item's
// status, "created user:ID", "dry_run: METHOD PATH", "refused: ..." or "error: STATUS:
// ..."), the request id, dry_run, and as details the plugin's answer (or the
// failure's details) with the action's origin. A "pending" answer is also recorded as
// an operation. Failures (PluginCallError, HostError) are rethrown after their entry
// is written; a store that cannot record an answered change throws HostError(state).
ProvisioningResult run_audited(const ProvisioningEnvironment& environment,
                               const ProvisioningAction& action, const ProvisioningCall& call,
                               const runtime::ItemSink& on_item = {});

// The status an answered item reports ("granted", "revoked", "already_revoked",
// "pending"...), "" when it has none.
std::string status_of(const boost::json::object& item);

}  // namespace connector::host::provisioning
