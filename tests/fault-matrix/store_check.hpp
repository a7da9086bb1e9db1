// What the store holds after a cell, read straight from STATE/store.db with SQLite:
// whether the file is sound, and whether every run that did not end good left
// nothing behind.
#ifndef FAULT_MATRIX_STORE_CHECK_HPP
#define FAULT_MATRIX_STORE_CHECK_HPP

#include <connector/store/sync_run.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fault_matrix {

struct StoreCheck {
  std::string integrity;                        // PRAGMA integrity_check: "ok" when sound
  std::vector<connector::store::SyncRun> runs;  // newest first
  std::optional<std::int64_t> latest_good;      // the run --from-store and export read
  // Items kept by runs that did not complete: a half run would show here.
  std::int64_t items_of_unfinished_runs = 0;
  std::int64_t runs_still_running = 0;

  // Sound file, no run left running, no items kept by a run that did not finish.
  bool intact() const;
  // What is wrong, for the test log; empty when intact().
  std::string problems() const;
};

StoreCheck check_store(const std::filesystem::path& state_dir, const std::string& connector);

}  // namespace fault_matrix

#endif  // FAULT_MATRIX_STORE_CHECK_HPP
