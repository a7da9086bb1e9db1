// What one run changes, found by comparing each of its items with the connector's
// current versions (internal). The writer feeds it every item; the new versions
// are written as they come (valid_from = the run, invisible in every state until
// the run is good), and finish() tells which current versions the run ends and
// what it counted. The v2 migration replays old runs through it too.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "connector/store/mass_deletion_guard.hpp"
#include "connector/store/sqlite.hpp"
#include "connector/store/sync_run.hpp"
#include "item_record.hpp"
#include "key_set.hpp"
#include "version_index.hpp"
#include "version_table.hpp"

namespace connector::store::detail {

struct RunOutcome {
  std::vector<std::int64_t> endings;  // current versions the run ends: removed or replaced
  RunCounts stored;                   // the items of the state at the run
  std::int64_t users = 0;             // of which users (resources the guard counts)
  std::int64_t added = 0;             // items new in the run
  std::int64_t changed = 0;           // items whose content changed
  std::int64_t removed = 0;           // items gone
  Removal removed_users;              // for the mass-deletion guard
  Removal removed_grants;
};

class RunChanges {
 public:
  // Called before any statement runs, so the caller can open a write transaction.
  using BeforeWrite = std::function<void()>;

  // `baseline`: the current versions; `baseline_users`: how many of them are users.
  RunChanges(Database& db, std::int64_t connector, std::int64_t run_id, VersionIndex baseline,
             std::int64_t baseline_users, BeforeWrite before_write = {});

  // One item of the run. An id met before in the run replaces what it brought. The
  // item's views must stay valid until flush(): new versions are written several at
  // a time. `key`: key_hash(item.kind, item.id), when the caller has it already.
  void put(const ItemRecord& item) { put(item, key_hash(item.kind, item.id)); }
  void put(const ItemRecord& item, std::uint64_t key);
  // Prepare the put() of an item that comes some items later, whose key_hash() is
  // `key`: prefetch_bucket() further ahead than prefetch() (see VersionIndex).
  void prefetch_bucket(std::uint64_t key) const noexcept { baseline_.prefetch_bucket(key); }
  void prefetch(std::uint64_t key) const noexcept {
    baseline_.prefetch(key);
    added_keys_.prefetch(key);
  }
  // Writes what put() kept; discard() forgets it (the run is being rolled back).
  void flush() { writer_.flush(); }
  void discard() noexcept { writer_.discard(); }

  // After the last item: reads which removed resources were users (the caller
  // holds the transaction the outcome is applied in).
  RunOutcome finish();

  // Ends the outcome's versions at the run.
  void apply(const RunOutcome& outcome);

 private:
  void put_new(const ItemRecord& item, std::uint64_t key);
  void before_write() {
    if (before_write_) before_write_();
  }

  VersionWriter writer_;
  VersionIndex baseline_;
  std::int64_t baseline_users_;
  BeforeWrite before_write_;
  KeySet added_keys_;
  std::array<std::int64_t, 4> added_{};
  std::int64_t changed_ = 0;
  std::int64_t users_delta_ = 0;  // of added and changed items
};

}  // namespace connector::store::detail
