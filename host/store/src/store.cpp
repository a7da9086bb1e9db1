#include "connector/store/store.hpp"

#include "connector/store/schema.hpp"
#include "connector/store/sync_runs.hpp"

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
}

Database Store::connect() const { return Database::open(file(), options_.busy_timeout); }

}  // namespace connector::store
