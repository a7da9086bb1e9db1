// The SQL on item_versions, connectors and the held (quarantined) changes
// (internal). Everything else in the store reads and writes versions through here
// or through the read queries of snapshot.cpp, diff.cpp and history.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "connector/store/sqlite.hpp"
#include "item_record.hpp"
#include "version_index.hpp"

namespace connector::store::detail {

// The connector's number in item_versions, if it has one yet.
std::optional<std::int64_t> find_connector(Database& db, std::string_view name);
// ... and one made when missing.
std::int64_t ensure_connector(Database& db, std::string_view name);

// The connector's current versions (those with no end), sealed. `size_hint`: how
// many to expect (the latest good run's item count), to size the index at once.
VersionIndex load_current_versions(Database& db, std::int64_t connector, std::size_t size_hint);

// The query load_current_versions runs (?1 the connector), for a test of its plan: a
// walk of item_versions_by_id alone, which holds every column it reads.
extern const std::string_view kCurrentVersionsQuery;

// A current version as the writer needs it to replace one.
struct CurrentVersion {
  std::int64_t version = 0;
  std::uint64_t hash = 0;
  bool is_user = false;
};

// The writes of one run's versions, prepared once. New versions are written several
// to a statement: insert() keeps up to kRowsPerInsert of them (their views must stay
// valid) and writes them when that many are waiting, at flush(), or before any
// other statement of the writer runs, so every read sees them.
class VersionWriter {
 public:
  static constexpr std::size_t kRowsPerInsert = 32;

  VersionWriter(Database& db, std::int64_t connector, std::int64_t run_id);

  // A new version starting at this run.
  void insert(const ItemRecord& item);
  // Writes the versions insert() keeps.
  void flush();
  // Forgets them (the run is being rolled back).
  void discard() noexcept { pending_.clear(); }

  // The version of (kind, id) this run began, if any; its is_user. The first call of
  // a run creates the id index if a first sync left it for its commit.
  std::optional<bool> find_begun(ItemKind kind, std::string_view id);
  // Replaces the content of the version of (kind, id) this run began.
  void replace_begun(const ItemRecord& item);
  // Deletes the version of (kind, id) this run began.
  void delete_begun(ItemKind kind, std::string_view id);
  // The current version of (kind, id) from before this run.
  std::optional<CurrentVersion> find_current(ItemKind kind, std::string_view id);
  // Whether version `version` is of a user.
  bool is_user(std::int64_t version);
  // Ends `version` at this run.
  void end(std::int64_t version);

 private:
  void write_rows(Statement& insert, std::size_t first, std::size_t rows);

  Database& db_;
  std::int64_t connector_;
  std::int64_t run_id_;
  bool id_index_checked_ = false;
  std::vector<ItemRecord> pending_;  // not yet written
  Statement insert_one_, insert_many_, find_begun_, replace_begun_, delete_begun_, find_current_,
      is_user_, end_;
};

// A quarantined run's changes: its new versions move to held_versions, the versions
// it would end to held_endings; none of them is visible in any state.
void hold_run_changes(Database& db, std::int64_t connector, std::int64_t run_id,
                      const std::vector<std::int64_t>& endings);
// An accepted quarantined run: its held changes become versions beginning/ending at it.
void release_held_changes(Database& db, std::int64_t connector, std::int64_t run_id);
// A superseded quarantined run: its held changes are dropped.
void drop_held_changes(Database& db, std::int64_t run_id);

// The versions a run that did not complete began (rows of a failed, cancelled or
// killed sync): deleted.
void delete_run_versions(Database& db, std::int64_t connector, std::int64_t run_id);

}  // namespace connector::store::detail
