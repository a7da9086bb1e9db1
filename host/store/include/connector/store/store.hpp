// The store: one SQLite database, STATE_DIR/store.db, holding each connector's sync
// runs and the versions of its items (what the plugin listed, with the runs each
// content held in), the audit log and the provisioning operations still pending.
//
// Opening a Store creates the state directory and the database when missing,
// migrates an older schema, and marks runs left 'running' by a process that died
// (kill -9, power loss) as failed. A Store is one connection: use it from one
// thread at a time, and give each thread (and each SyncWriter) its own connection.
#pragma once

#include <chrono>
#include <filesystem>

#include "connector/store/sqlite.hpp"

namespace connector::store {

struct StoreOptions {
  std::chrono::milliseconds busy_timeout{10000};
};

class Store {
 public:
  static constexpr const char* kFileName = "store.db";

  explicit Store(const std::filesystem::path& state_dir, StoreOptions options = {});

  Database& db() noexcept { return db_; }
  const std::filesystem::path& file() const noexcept { return db_.file(); }
  const StoreOptions& options() const noexcept { return options_; }

  // A new connection to the same database, for another thread or a SyncWriter.
  Database connect() const;

 private:
  StoreOptions options_;
  Database db_;
};

}  // namespace connector::store
