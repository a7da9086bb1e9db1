// A thin RAII layer over SQLite's C API: a connection, a prepared statement and a
// transaction guard. It exists so that the rest of the store never sees a raw
// sqlite3 pointer, never forgets sqlite3_finalize, and never leaves a transaction
// open when an exception unwinds.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace connector::store {

// Any SQLite failure. `code()` is SQLite's extended result code (SQLITE_BUSY, ...).
class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& what);
  int code() const noexcept { return code_; }

 private:
  int code_;
};

// One connection. Not thread-safe: use one Database per thread (SQLite itself
// coordinates several connections to the same file).
class Database {
 public:
  // Opens (creating if needed) the database file with WAL journaling, foreign keys
  // enforced and a busy timeout, so a second connection waits instead of failing.
  static Database open(const std::filesystem::path& file,
                       std::chrono::milliseconds busy_timeout = std::chrono::milliseconds(10000));

  Database(Database&&) noexcept = default;
  Database& operator=(Database&&) noexcept = default;
  ~Database();

  // Runs one or more statements that return no rows (DDL, PRAGMA, BEGIN...).
  void execute(std::string_view sql);
  // Runs a query that yields a single integer (PRAGMA user_version, count(*)...).
  std::int64_t query_int(std::string_view sql);
  std::int64_t last_insert_rowid() const;
  int changes() const;
  const std::filesystem::path& file() const noexcept { return file_; }
  sqlite3* handle() const noexcept { return db_.get(); }

 private:
  struct Closer {
    void operator()(sqlite3* db) const noexcept;
  };
  Database(std::unique_ptr<sqlite3, Closer> db, std::filesystem::path file);

  std::unique_ptr<sqlite3, Closer> db_;
  std::filesystem::path file_;
};

// A prepared statement. Parameters are 1-based, as in SQLite; columns 0-based.
// Text is bound as SQLITE_TRANSIENT (copied), so callers may pass temporaries.
class Statement {
 public:
  Statement(Database& db, std::string_view sql);
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;
  ~Statement();

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind_null(int index);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  // Advances to the next row; false when the statement is done.
  bool step();
  // Runs a statement that returns no rows to completion, then resets it for reuse.
  void run();
  // Ready to run again with new bindings.
  void reset();

  bool is_null(int column) const;
  std::string text(int column) const;
  // The text without a copy: valid until the next step(), reset() or column read.
  std::string_view text_view(int column) const;
  std::optional<std::string> optional_text(int column) const;
  std::int64_t integer(int column) const;
  std::optional<std::int64_t> optional_integer(int column) const;
  double real(int column) const;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const noexcept;
  };
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

// Begins a transaction; rolls it back on destruction unless commit() ran.
class Transaction {
 public:
  enum class Mode { deferred, immediate };
  explicit Transaction(Database& db, Mode mode = Mode::immediate);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  void commit();
  void rollback();

 private:
  Database& db_;
  bool open_ = true;
};

}  // namespace connector::store
