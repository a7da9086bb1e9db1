// Copies the WAL's committed pages into the database file from a thread of its own
// (internal) while one connection writes a lot: a first sync writes 150 MiB.
//
// With SQLite's automatic checkpoints, the writing connection copies its pages a second
// time itself, after each commit that leaves more than 1,000 pages in the WAL, and the
// sync waits for it. Here the writer only appends to the WAL and the copy runs beside
// it, on the other core. A PASSIVE checkpoint never waits for the writer nor blocks it;
// what it has not copied when it stops is copied by the next checkpoint (the next
// write, or the last connection to close).
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "connector/store/sqlite.hpp"

namespace connector::store::detail {

class BackgroundCheckpoint {
 public:
  // Turns the automatic checkpoints of `writer` off and checkpoints through `own`, a
  // connection of its own to the same file. [the thread that owns `writer`, while no
  // other uses it]
  BackgroundCheckpoint(Database& writer, Database own);
  // Stops the thread (after the checkpoint it is running, if any) and turns the
  // writer's automatic checkpoints back on. [the same]
  ~BackgroundCheckpoint();
  BackgroundCheckpoint(const BackgroundCheckpoint&) = delete;
  BackgroundCheckpoint& operator=(const BackgroundCheckpoint&) = delete;

 private:
  void run();

  Database& writer_;
  Database own_;
  std::mutex mutex_;
  std::condition_variable stop_requested_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace connector::store::detail
