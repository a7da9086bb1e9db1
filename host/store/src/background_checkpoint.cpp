#include "background_checkpoint.hpp"

#include <sqlite3.h>

#include <chrono>
#include <string>

namespace connector::store::detail {
namespace {

// How often the thread looks for new pages: a first sync appends about 1,000 pages
// (16 MiB) every 50 ms, and a look that finds nothing new costs next to nothing.
constexpr auto kInterval = std::chrono::milliseconds(20);

// SQLite's default, put back after.
constexpr int kAutomaticCheckpointPages = 1000;

}  // namespace

BackgroundCheckpoint::BackgroundCheckpoint(Database& writer, Database own)
    : writer_(writer), own_(std::move(own)) {
  writer_.execute("PRAGMA wal_autocheckpoint = 0");
  thread_ = std::thread([this] { run(); });
}

BackgroundCheckpoint::~BackgroundCheckpoint() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  stop_requested_.notify_one();
  thread_.join();
  try {
    writer_.execute("PRAGMA wal_autocheckpoint = " + std::to_string(kAutomaticCheckpointPages));
  } catch (...) {
    // The connection only checkpoints less often: the WAL is copied when it closes.
  }
}

void BackgroundCheckpoint::run() {
  std::unique_lock lock(mutex_);
  while (!stop_requested_.wait_for(lock, kInterval, [this] { return stop_; })) {
    lock.unlock();
    // Busy (another checkpoint runs) or failed: the next look tries again, and the
    // pages stay safe in the WAL whatever happens here.
    sqlite3_wal_checkpoint_v2(own_.handle(), "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    lock.lock();
  }
}

}  // namespace connector::store::detail
