#include "connector/store/store.hpp"

#include "connector/store/schema.hpp"
#include "connector/store/sync_runs.hpp"
#include "deferred_indexes.hpp"

namespace connector::store {
namespace {

std::filesystem::path prepare_file(const std::filesystem::path& state_dir) {
  std::filesystem::create_directories(state_dir);
  return state_dir / Store::kFileName;
}

}  // namespace

Store::Store(const std::filesystem::path& state_dir, StoreOptions options)
    : options_(options), db_(Database::open(prepare_file(state_dir), options.busy_timeout)) {
  migrate(db_);
  recover_abandoned_runs(db_);
  // A first sync builds the id and history indexes at its commit; one that died before it
  // (its run just failed above) left them out. While a sync runs they are its to build.
  // Checked in that order: every open reads the schema, only a missing index costs
  // the second read.
  if (detail::deferred_indexes_missing(db_) &&
      db_.query_int("SELECT count(*) FROM sync_runs WHERE status = 'running'") == 0) {
    detail::ensure_deferred_indexes(db_);
  }
}

Database Store::connect() const { return Database::open(file(), options_.busy_timeout); }

}  // namespace connector::store
