#include "connector/store/operations.hpp"

#include <array>
#include <stdexcept>
#include <string>

namespace connector::store {
namespace {

constexpr std::array<std::pair<OperationState, std::string_view>, 5> kStateNames{{
    {OperationState::open, "open"},
    {OperationState::pending, "pending"},
    {OperationState::done, "done"},
    {OperationState::rejected, "rejected"},
    {OperationState::expired, "expired"},
}};

constexpr const char* kColumns =
    "SELECT id, connector, kind, target, principal, operation, state, created_at, updated_at,"
    " deadline, last_detail, outcome FROM operations ";

PendingOperation read_operation(const Statement& row) {
  PendingOperation operation;
  operation.id = row.integer(0);
  operation.connector = row.text(1);
  operation.kind = row.text(2);
  operation.target = row.optional_text(3);
  operation.principal = row.optional_text(4);
  operation.operation_json = row.text(5);
  operation.state = parse_operation_state(row.text(6));
  operation.created_at = from_unix_ms(row.integer(7));
  operation.updated_at = from_unix_ms(row.integer(8));
  if (auto deadline = row.optional_integer(9)) operation.deadline = from_unix_ms(*deadline);
  operation.last_detail = row.optional_text(10);
  operation.outcome_json = row.optional_text(11);
  return operation;
}

std::vector<PendingOperation> read_all(Statement& query) {
  std::vector<PendingOperation> operations;
  while (query.step()) operations.push_back(read_operation(query));
  return operations;
}

}  // namespace

std::string_view to_string(OperationState state) {
  for (const auto& [value, name] : kStateNames) {
    if (value == state) return name;
  }
  return "unknown";
}

OperationState parse_operation_state(std::string_view name) {
  for (const auto& [value, known] : kStateNames) {
    if (known == name) return value;
  }
  throw std::invalid_argument("unknown operation state \"" + std::string(name) + "\"");
}

std::int64_t insert_operation(Database& db, const PendingOperation& operation) {
  Statement insert(db,
                   "INSERT INTO operations (connector, kind, target, principal, operation, state,"
                   " created_at, updated_at, deadline, last_detail, outcome)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  std::optional<std::int64_t> deadline;
  if (operation.deadline) deadline = to_unix_ms(*operation.deadline);
  insert.bind(1, operation.connector)
      .bind(2, operation.kind)
      .bind(3, operation.target)
      .bind(4, operation.principal)
      .bind(5, operation.operation_json)
      .bind(6, to_string(operation.state))
      .bind(7, to_unix_ms(operation.created_at))
      .bind(8, to_unix_ms(operation.updated_at))
      .bind(9, deadline)
      .bind(10, operation.last_detail)
      .bind(11, operation.outcome_json)
      .run();
  return db.last_insert_rowid();
}

std::optional<PendingOperation> find_operation(Database& db, std::int64_t id) {
  Statement query(db, std::string(kColumns) + "WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return read_operation(query);
}

std::vector<PendingOperation> list_operations(Database& db, std::string_view connector,
                                              std::size_t limit) {
  Statement query(
      db, std::string(kColumns) + "WHERE ?1 = '' OR connector = ?1 ORDER BY id DESC LIMIT ?2");
  query.bind(1, connector).bind(2, static_cast<std::int64_t>(limit));
  return read_all(query);
}

std::vector<PendingOperation> operations_to_poll(Database& db, std::string_view connector) {
  Statement query(db, std::string(kColumns) +
                          "WHERE state IN ('open', 'pending') AND (?1 = '' OR connector = ?1)"
                          " ORDER BY id");
  query.bind(1, connector);
  return read_all(query);
}

void update_operation(Database& db, std::int64_t id, OperationState state,
                      std::optional<std::string> last_detail,
                      std::optional<std::string> outcome_json) {
  Statement update(db,
                   "UPDATE operations SET state = ?2, updated_at = ?3,"
                   " last_detail = coalesce(?4, last_detail), outcome = coalesce(?5, outcome)"
                   " WHERE id = ?1");
  update.bind(1, id)
      .bind(2, to_string(state))
      .bind(3, to_unix_ms(now()))
      .bind(4, last_detail)
      .bind(5, outcome_json)
      .run();
  if (db.changes() == 0) {
    throw std::invalid_argument("no provisioning operation " + std::to_string(id));
  }
}

int expire_overdue_operations(Database& db, TimePoint at) {
  Statement expire(
      db,
      "UPDATE operations SET state = 'expired', updated_at = ?1,"
      " outcome = coalesce(outcome, '{\"reason\":\"deadline passed\"}')"
      " WHERE state IN ('open', 'pending') AND deadline IS NOT NULL AND deadline < ?1");
  expire.bind(1, to_unix_ms(at)).run();
  return db.changes();
}

}  // namespace connector::store
