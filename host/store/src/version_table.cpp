#include "version_table.hpp"

#include <string>

#include "content_hash.hpp"
#include "deferred_indexes.hpp"
#include "item_text.hpp"

namespace connector::store::detail {

std::optional<std::int64_t> find_connector(Database& db, std::string_view name) {
  Statement query(db, "SELECT id FROM connectors WHERE name = ?1");
  query.bind(1, name);
  if (!query.step()) return std::nullopt;
  return query.integer(0);
}

std::int64_t ensure_connector(Database& db, std::string_view name) {
  if (auto id = find_connector(db, name)) return *id;
  Statement insert(db, "INSERT INTO connectors (name) VALUES (?1)");
  insert.bind(1, name).run();
  return db.last_insert_rowid();
}

// "+connector" keeps SQLite from reaching the rows through item_versions_by_start
// (connector, valid_from), which it guesses, without statistics, to be the narrower
// path: that reads the whole table, row by row, instead of the index alone. The id
// index leads with the id (schema version 5), so the walk also passes the versions
// of other connectors of the store, about 25 ns each.
const std::string_view kCurrentVersionsQuery =
    "SELECT kind, id, hash, version FROM item_versions WHERE +connector = ?1 AND valid_to IS NULL";

VersionIndex load_current_versions(Database& db, std::int64_t connector, std::size_t size_hint) {
  VersionIndex index;
  index.reserve(size_hint);
  Statement query(db, kCurrentVersionsQuery);
  query.bind(1, connector);
  while (query.step()) {
    const auto kind = static_cast<ItemKind>(query.integer(0));
    index.add(kind, key_hash(kind, query.text_view(1)), from_stored(query.integer(2)),
              query.integer(3));
  }
  index.seal();
  return index;
}

namespace {

Statement& bind_record(Statement& statement, int first, const ItemRecord& item) {
  return statement.bind(first, stored_text(item))
      .bind(first + 1, to_stored(item.hash))
      .bind(first + 2, item.type)
      .bind(first + 3, item.resource)
      .bind(first + 4, item.entitlement)
      .bind(first + 5, item.principal)
      .bind(first + 6, item.is_user);
}

// The columns an insert of new versions binds per row.
constexpr int kInsertColumns = 9;

// "INSERT ... VALUES (...), (...)" of `rows` rows; the connector and the run are the
// writer's own numbers, written into the statement once.
// OR FAIL, because an insert of several rows that may abort halfway (SQLite's default
// for a NOT NULL column) keeps the old content of every page it changes in a statement
// journal, a temporary file past 64 KiB: for a first sync of 436,507 items, 650 MiB
// written on the writer's thread. A failed insert fails the sync: its open write batch
// is rolled back and abort() deletes what earlier batches committed, so the rows an
// insert wrote before it failed never need undoing on their own.
std::string insert_sql(std::int64_t connector, std::int64_t run_id, std::size_t rows) {
  std::string sql =
      "INSERT OR FAIL INTO item_versions (kind, id, json, hash, type, resource, entitlement,"
      " principal, is_user, connector, valid_from) VALUES ";
  const std::string constants =
      "," + std::to_string(connector) + "," + std::to_string(run_id) + ")";
  for (std::size_t row = 0; row < rows; ++row) {
    sql += row == 0 ? "(" : ",(";
    sql += "?,?,?,?,?,?,?,?,?";
    sql += constants;
  }
  return sql;
}

Statement& bind_borrowed(Statement& statement, int index, std::optional<std::string_view> text) {
  return text ? statement.bind_borrowed(index, *text) : statement.bind_null(index);
}

}  // namespace

VersionWriter::VersionWriter(Database& db, std::int64_t connector, std::int64_t run_id)
    : db_(db),
      connector_(connector),
      run_id_(run_id),
      insert_one_(db, insert_sql(connector, run_id, 1)),
      insert_many_(db, insert_sql(connector, run_id, kRowsPerInsert)),
      find_begun_(db,
                  "SELECT is_user FROM item_versions"
                  " WHERE connector = ?1 AND kind = ?2 AND id = ?3 AND valid_from = ?4"),
      replace_begun_(db,
                     "UPDATE item_versions SET json = ?5, hash = ?6, type = ?7, resource = ?8,"
                     " entitlement = ?9, principal = ?10, is_user = ?11"
                     " WHERE connector = ?1 AND kind = ?2 AND id = ?3 AND valid_from = ?4"),
      delete_begun_(db,
                    "DELETE FROM item_versions"
                    " WHERE connector = ?1 AND kind = ?2 AND id = ?3 AND valid_from = ?4"),
      find_current_(db,
                    "SELECT version, hash, is_user FROM item_versions"
                    " WHERE connector = ?1 AND kind = ?2 AND id = ?3 AND valid_from < ?4"
                    " AND valid_to IS NULL"),
      is_user_(db, "SELECT is_user FROM item_versions WHERE version = ?1"),
      end_(db, "UPDATE item_versions SET valid_to = ?2 WHERE version = ?1 AND valid_to IS NULL") {
  pending_.reserve(kRowsPerInsert);
}

void VersionWriter::insert(const ItemRecord& item) {
  pending_.push_back(item);
  if (pending_.size() == kRowsPerInsert) flush();
}

void VersionWriter::write_rows(Statement& insert, std::size_t first, std::size_t rows) {
  for (std::size_t row = 0; row < rows; ++row) {
    const ItemRecord& item = pending_[first + row];
    const int at = static_cast<int>(row) * kInsertColumns;
    insert.bind(at + 1, to_int(item.kind));
    insert.bind_borrowed(at + 2, item.id).bind_borrowed(at + 3, stored_text(item));
    insert.bind(at + 4, to_stored(item.hash));
    bind_borrowed(insert, at + 5, item.type);
    bind_borrowed(insert, at + 6, item.resource);
    bind_borrowed(insert, at + 7, item.entitlement);
    bind_borrowed(insert, at + 8, item.principal);
    insert.bind(at + 9, item.is_user);
  }
  insert.run();
}

void VersionWriter::flush() {
  std::size_t written = 0;
  if (pending_.size() == kRowsPerInsert) {
    write_rows(insert_many_, 0, kRowsPerInsert);
    written = kRowsPerInsert;
  }
  for (; written < pending_.size(); ++written) write_rows(insert_one_, written, 1);
  pending_.clear();
}

std::optional<bool> VersionWriter::find_begun(ItemKind kind, std::string_view id) {
  flush();
  if (!id_index_checked_) {
    ensure_id_index(db_);
    id_index_checked_ = true;
  }
  find_begun_.bind(1, connector_).bind(2, to_int(kind)).bind(3, id).bind(4, run_id_);
  std::optional<bool> found;
  if (find_begun_.step()) found = find_begun_.integer(0) != 0;
  find_begun_.reset();
  return found;
}

void VersionWriter::replace_begun(const ItemRecord& item) {
  flush();
  replace_begun_.bind(1, connector_).bind(2, to_int(item.kind)).bind(3, item.id).bind(4, run_id_);
  bind_record(replace_begun_, 5, item).run();
}

void VersionWriter::delete_begun(ItemKind kind, std::string_view id) {
  flush();
  delete_begun_.bind(1, connector_).bind(2, to_int(kind)).bind(3, id).bind(4, run_id_).run();
}

std::optional<CurrentVersion> VersionWriter::find_current(ItemKind kind, std::string_view id) {
  flush();
  find_current_.bind(1, connector_).bind(2, to_int(kind)).bind(3, id).bind(4, run_id_);
  std::optional<CurrentVersion> found;
  if (find_current_.step()) {
    found = CurrentVersion{find_current_.integer(0), from_stored(find_current_.integer(1)),
                           find_current_.integer(2) != 0};
  }
  find_current_.reset();
  return found;
}

bool VersionWriter::is_user(std::int64_t version) {
  flush();
  is_user_.bind(1, version);
  const bool user = is_user_.step() && is_user_.integer(0) != 0;
  is_user_.reset();
  return user;
}

void VersionWriter::end(std::int64_t version) {
  flush();
  end_.bind(1, version).bind(2, run_id_).run();
}

void hold_run_changes(Database& db, std::int64_t connector, std::int64_t run_id,
                      const std::vector<std::int64_t>& endings) {
  Statement(db,
            "INSERT INTO held_versions (run_id, kind, id, hash, type, resource, entitlement,"
            " principal, is_user, json)"
            " SELECT ?2, kind, id, hash, type, resource, entitlement, principal, is_user, json"
            " FROM item_versions WHERE connector = ?1 AND valid_from = ?2 ORDER BY version")
      .bind(1, connector)
      .bind(2, run_id)
      .run();
  delete_run_versions(db, connector, run_id);
  Statement hold(db, "INSERT INTO held_endings (run_id, version) VALUES (?1, ?2)");
  for (const std::int64_t version : endings) hold.bind(1, run_id).bind(2, version).run();
}

void release_held_changes(Database& db, std::int64_t connector, std::int64_t run_id) {
  Statement(db,
            "UPDATE item_versions SET valid_to = ?2 WHERE valid_to IS NULL AND connector = ?1"
            " AND version IN (SELECT version FROM held_endings WHERE run_id = ?2)")
      .bind(1, connector)
      .bind(2, run_id)
      .run();
  Statement(db,
            "INSERT INTO item_versions (connector, kind, id, valid_from, hash, type, resource,"
            " entitlement, principal, is_user, json)"
            " SELECT ?1, kind, id, run_id, hash, type, resource, entitlement, principal, is_user,"
            " json FROM held_versions WHERE run_id = ?2 ORDER BY rowid")
      .bind(1, connector)
      .bind(2, run_id)
      .run();
  drop_held_changes(db, run_id);
}

void drop_held_changes(Database& db, std::int64_t run_id) {
  Statement(db, "DELETE FROM held_versions WHERE run_id = ?1").bind(1, run_id).run();
  Statement(db, "DELETE FROM held_endings WHERE run_id = ?1").bind(1, run_id).run();
}

void delete_run_versions(Database& db, std::int64_t connector, std::int64_t run_id) {
  Statement(db, "DELETE FROM item_versions WHERE connector = ?1 AND valid_from = ?2")
      .bind(1, connector)
      .bind(2, run_id)
      .run();
}

}  // namespace connector::store::detail
