// Provisioning operations that did not finish in the call that started them, for
// example a grant that opened a NinjaOne ticket and answered "pending". The
// scheduler polls the plugin's get_operation for each open one until it is done,
// rejected, or past its deadline.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connector/store/sqlite.hpp"
#include "connector/store/sync_run.hpp"

namespace connector::store {

//  open      recorded, not yet confirmed started by the plugin
//  pending   the plugin reported it in progress (eg the ticket is open)
//  done      completed as requested
//  rejected  refused (eg the ticket was closed without the change)
//  expired   not finished before its deadline; no longer polled
enum class OperationState { open, pending, done, rejected, expired };
std::string_view to_string(OperationState state);
OperationState parse_operation_state(std::string_view name);  // throws std::invalid_argument

struct PendingOperation {
  std::int64_t id = 0;  // assigned by the store
  std::string connector;
  std::string kind;                      // grant, revoke, create_account, delete_account
  std::optional<std::string> target;     // eg "role:7:member"
  std::optional<std::string> principal;  // eg "user:101"
  // The plugin's operation object, passed back to get_operation as is, eg
  // {"id":"ticket:88","kind":"ticket","ticket_id":88}.
  std::string operation_json;
  OperationState state = OperationState::pending;
  TimePoint created_at;
  TimePoint updated_at;
  std::optional<TimePoint> deadline;
  std::optional<std::string> last_detail;   // the latest status seen, eg "ticket OPEN"
  std::optional<std::string> outcome_json;  // once finished
};

// Records `operation` (its id is ignored) and returns the new id.
std::int64_t insert_operation(Database& db, const PendingOperation& operation);
std::optional<PendingOperation> find_operation(Database& db, std::int64_t id);
// Newest first. An empty connector means every connector.
std::vector<PendingOperation> list_operations(Database& db, std::string_view connector,
                                              std::size_t limit);
// Operations still to poll (open or pending), oldest first. Empty connector: all.
std::vector<PendingOperation> operations_to_poll(Database& db, std::string_view connector);
// Moves an operation to `state`, recording what was seen. Throws
// std::invalid_argument when there is no such operation.
void update_operation(Database& db, std::int64_t id, OperationState state,
                      std::optional<std::string> last_detail,
                      std::optional<std::string> outcome_json = std::nullopt);
// Marks open or pending operations whose deadline is before `at` as expired;
// returns how many.
int expire_overdue_operations(Database& db, TimePoint at);

}  // namespace connector::store
