#include "provisioning/redacted_records.hpp"

namespace connector::host::provisioning {

std::optional<std::string> redacted(const std::optional<std::string>& text,
                                    const log::Redactor& redactor) {
  if (!text) return std::nullopt;
  return redactor.redact(*text);
}

store::AuditEntry redacted(store::AuditEntry entry, const log::Redactor& redactor) {
  entry.target = redacted(entry.target, redactor);
  entry.principal = redacted(entry.principal, redactor);
  entry.result = redactor.redact(entry.result);
  entry.request_id = redacted(entry.request_id, redactor);
  entry.details_json = redacted(entry.details_json, redactor);
  return entry;
}

store::PendingOperation redacted(store::PendingOperation operation, const log::Redactor& redactor) {
  operation.kind = redactor.redact(operation.kind);
  operation.target = redacted(operation.target, redactor);
  operation.principal = redacted(operation.principal, redactor);
  operation.operation_json = redactor.redact(operation.operation_json);
  operation.last_detail = redacted(operation.last_detail, redactor);
  operation.outcome_json = redacted(operation.outcome_json, redactor);
  return operation;
}

}  // namespace connector::host::provisioning
