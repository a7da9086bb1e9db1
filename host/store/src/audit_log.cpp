#include "connector/store/audit_log.hpp"

namespace connector::store {

std::int64_t append_audit(Database& db, const AuditEntry& entry) {
  Statement insert(db,
                   "INSERT INTO audit_log (time, connector, operation, target, principal, result,"
                   " request_id, dry_run, details) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  insert.bind(1, to_unix_ms(entry.time))
      .bind(2, entry.connector)
      .bind(3, entry.operation)
      .bind(4, entry.target)
      .bind(5, entry.principal)
      .bind(6, entry.result)
      .bind(7, entry.request_id)
      .bind(8, entry.dry_run)
      .bind(9, entry.details_json)
      .run();
  return db.last_insert_rowid();
}

std::vector<AuditEntry> list_audit(Database& db, std::string_view connector, std::size_t limit) {
  Statement query(db,
                  "SELECT id, time, connector, operation, target, principal, result, request_id,"
                  " dry_run, details FROM audit_log WHERE connector = ?1"
                  " ORDER BY time DESC, id DESC LIMIT ?2");
  query.bind(1, connector).bind(2, static_cast<std::int64_t>(limit));
  std::vector<AuditEntry> entries;
  while (query.step()) {
    entries.push_back(AuditEntry{query.integer(0), from_unix_ms(query.integer(1)), query.text(2),
                                 query.text(3), query.optional_text(4), query.optional_text(5),
                                 query.text(6), query.optional_text(7), query.integer(8) != 0,
                                 query.optional_text(9)});
  }
  return entries;
}

}  // namespace connector::store
