// What the provisioning commands (grant, revoke, create-account, delete-account) share:
// the manifest check, grant ids, and the audited run that records every attempt.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "commands/session.hpp"
#include "manifest/connector_catalog.hpp"
#include "output/printer.hpp"
#include "runtime/call_context.hpp"
#include "runtime/instance.hpp"

namespace connector::host::commands {

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
};

// The plugin call of an action: calls the instance, handing every item to `sink`.
using ProvisioningCall = std::function<void(runtime::Instance&, const runtime::ItemSink&)>;

// Runs `call` on the connector and prints its items with `columns`, after checking
// that the manifest enables provisioning (dry runs skip the check). Whatever
// happens, appends one entry to the store's audit log: the result (the item's
// status, "created user:ID", "dry_run", "refused: ..." or "error: STATUS: ..."), the
// NinjaOne request id (the item's "request_id" or the failure's details), and dry_run.
// A "pending" answer is also recorded in the store's operations table. Failures are
// rethrown after the entry is written.
void run_provisioning(Session& session, const manifest::ConnectorConfig& connector,
                      const ProvisioningAction& action, std::vector<output::Column> columns,
                      const ProvisioningCall& call);

}  // namespace connector::host::commands
