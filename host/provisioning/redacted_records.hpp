// What the store keeps of a provisioning action, with every known secret masked.
//
// The audit log and the operations table hold text from outside the host: the
// principal and target ids a user typed, the plugin's answers and error messages,
// the status a ticket system reports. A plugin or an API may quote a secret in any of
// them, and the store outlives the process and is read by other tools, so each is
// passed through the same redactor as the sync path's failure reason and every log
// line before it is written (docs/security.md). JSON text stays JSON: the mask is
// plain text and the redactor also knows each secret's JSON-escaped spelling.
#pragma once

#include <optional>
#include <string>

#include "connector/store/audit_log.hpp"
#include "connector/store/operations.hpp"
#include "log/redactor.hpp"

namespace connector::host::provisioning {

// `entry` with every text field redacted (connector and operation are the host's own).
store::AuditEntry redacted(store::AuditEntry entry, const log::Redactor& redactor);

// `operation` with every text field redacted, the plugin's operation object included:
// a secret must not be stored even where the plugin will be handed the text back.
store::PendingOperation redacted(store::PendingOperation operation, const log::Redactor& redactor);

// `text` redacted, or nullopt for none.
std::optional<std::string> redacted(const std::optional<std::string>& text,
                                    const log::Redactor& redactor);

}  // namespace connector::host::provisioning
