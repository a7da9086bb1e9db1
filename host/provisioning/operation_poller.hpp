// Polling the provisioning operations a connector left pending (eg: a grant that
// opened a NinjaOne ticket): one get_operation per operation, the state it reports
// recorded in the store, operations past their deadline marked expired, and, once an
// operation is done, the role re-read to confirm the change. Every state change is
// also appended to the audit log. `operations --refresh` and the service's poll job
// both run this.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connector/store/operations.hpp"
#include "connector/store/sqlite.hpp"
#include "log/redactor.hpp"
#include "runtime/instance.hpp"

namespace connector::host::provisioning {

struct PolledOperation {
  std::int64_t id = 0;
  store::OperationState before = store::OperationState::pending;
  store::OperationState after = store::OperationState::pending;
  std::string detail;                       // what was recorded as last_detail
  std::optional<std::string> confirmation;  // "confirmed" / "not_confirmed" once done
  bool status_unknown = false;              // the plugin saw a status its config does not map
  bool failed = false;  // get_operation (or the confirmation) failed; see detail
};

struct PollReport {
  std::vector<PolledOperation> operations;
  std::size_t failures() const;
  std::size_t changed() const;
};

// Opens the connector's plugin instance; called at most once per poll, and only when
// there is an operation to ask about.
using InstanceOpener = std::function<std::unique_ptr<runtime::Instance>()>;

// Polls every open or pending operation of `connector`, oldest first. A plugin error
// on one operation is recorded in its last_detail and reported, and the others are
// still polled; a store error is thrown. `now` decides what is past its deadline.
// What the plugin answered is stored through `redactor` (redacted_records.hpp).
PollReport poll_operations(store::Database& db, std::string_view connector,
                           const log::Redactor& redactor, const InstanceOpener& open_instance,
                           store::TimePoint now);

// The operation's deadline: the stored one, else its creation plus the
// "expire_after_seconds" the plugin put in the operation object; nullopt for none.
std::optional<store::TimePoint> deadline_of(const store::PendingOperation& operation);

}  // namespace connector::host::provisioning
