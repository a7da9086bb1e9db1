// Live progress of a long sync on a terminal: one line on stderr, rewritten in place,
//   ninjaone-prod: grants — 12000 resources, 2000 entitlements, 48000 grants (9800 items/s)
// Only when stderr is a TTY: on a pipe or in a log file it would be noise. Use it as
// a SyncProgressCallback (sync_walk.hpp); call finish() when the sync ends.
#pragma once

#include <chrono>
#include <cstdio>

#include "sync/sync_walk.hpp"

namespace connector::host::service {

class TerminalProgress {
 public:
  // Enabled when `out` is a terminal.
  explicit TerminalProgress(std::FILE* out = stderr);
  ~TerminalProgress();
  TerminalProgress(const TerminalProgress&) = delete;
  TerminalProgress& operator=(const TerminalProgress&) = delete;

  bool enabled() const noexcept { return enabled_; }

  // Redraws the line, at most every 200 ms. [not thread-safe: one sync at a time]
  void update(const SyncProgress& progress);
  // Clears the line, so what follows starts clean. Called by the destructor too.
  void finish();

  // update() bound to this object.
  SyncProgressCallback callback();

 private:
  std::FILE* out_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace connector::host::service
