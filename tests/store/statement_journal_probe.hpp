// Counts the statement journals SQLite opens as files while it is alive.
//
// A statement that may abort halfway inside a transaction keeps the old content of
// each page it changes in a statement journal, and past 64 KiB that journal becomes a
// temporary file. The probe puts a VFS in front of the default one that counts opens of
// such files (SQLITE_OPEN_SUBJOURNAL) and makes it the default for connections opened
// while the probe lives; the previous default is restored after. Only one probe may
// live at a time, and a connection opened while it lives must be closed before it goes
// (SQLite keeps a pointer to the VFS a connection was opened with).
#pragma once

#include <sqlite3.h>

#include <atomic>

namespace store_test {

class StatementJournalProbe {
 public:
  StatementJournalProbe() : underlying_(sqlite3_vfs_find(nullptr)) {
    vfs_ = *underlying_;
    vfs_.zName = "statement-journal-probe";
    vfs_.pAppData = this;
    vfs_.xOpen = &StatementJournalProbe::open;
    sqlite3_vfs_register(&vfs_, 1);
  }
  ~StatementJournalProbe() {
    sqlite3_vfs_register(underlying_, 1);
    sqlite3_vfs_unregister(&vfs_);
  }
  StatementJournalProbe(const StatementJournalProbe&) = delete;
  StatementJournalProbe& operator=(const StatementJournalProbe&) = delete;

  int opened() const { return opened_.load(); }

 private:
  // Connections keep a pointer to the VFS they were opened with, so the files keep
  // the underlying VFS's methods: only the open is ours.
  static int open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags,
                  int* out_flags) {
    auto* probe = static_cast<StatementJournalProbe*>(vfs->pAppData);
    if ((flags & SQLITE_OPEN_SUBJOURNAL) != 0) ++probe->opened_;
    return probe->underlying_->xOpen(probe->underlying_, name, file, flags, out_flags);
  }

  sqlite3_vfs* underlying_;
  sqlite3_vfs vfs_{};
  std::atomic<int> opened_{0};
};

}  // namespace store_test
