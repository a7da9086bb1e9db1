// Runs recurring jobs (one connector's sync, polling pending operations...) on a
// worker pool, timed by an Asio I/O context.
//
// The scheduler's state lives on the I/O thread: every member function must be
// called there, and timers fire there. A job's work never runs on it: it is posted
// to the worker pool, and its outcome is posted back. Rules:
//  - a job runs at most once at a time (the next run is timed from the end of the
//    previous one, so runs of one key never overlap);
//  - at most `max_concurrent` jobs that count toward the limit run at once; the
//    others wait in arrival order;
//  - after a success the job runs again after its period plus jitter; after a
//    failure, after retry_delay() (exponential backoff, bounded by the period).
// The scheduler must outlive every run it started: call stop() and wait for its
// callback before destroying it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "scheduler/backoff.hpp"

namespace connector::host::scheduler {

struct Job {
  std::string key;  // unique, eg: "sync:ninjaone-prod"
  std::chrono::milliseconds every{0};
  std::chrono::milliseconds jitter{0};
  // Syncs count toward the global limit; light housekeeping (polling a table) need not.
  bool counts_toward_limit = true;
  // The work, run on a worker thread. true: success. An exception counts as a failure.
  std::function<bool()> run;
};

struct SchedulerOptions {
  std::size_t max_concurrent = 2;
  BackoffPolicy backoff;
  // Run every job once, now, and never again (no retries): `connector-host run --once`.
  bool once = false;
};

class Scheduler {
 public:
  Scheduler(boost::asio::io_context& io, boost::asio::thread_pool& workers,
            SchedulerOptions options);
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Replaces the job list. A new key is due at once (plus jitter); a known key keeps
  // its timing and any run in progress, and uses the new definition from its next
  // run; a key no longer listed never runs again (a run in progress finishes).
  void set_jobs(std::vector<Job> jobs);

  // Stops taking work: no run starts any more, waiting ones are dropped. `on_drained`
  // is called on the I/O thread as soon as no run is in progress (maybe at once).
  void stop(std::function<void()> on_drained);

  // Once mode: `on_done` is called on the I/O thread when every job has run once
  // (at once when there is no job).
  void on_all_done(std::function<void()> on_done);

  std::size_t running() const noexcept { return running_; }
  std::size_t job_count() const noexcept { return entries_.size(); }

 private:
  struct Entry;
  using EntryPtr = std::shared_ptr<Entry>;

  void schedule(const EntryPtr& entry, std::chrono::milliseconds delay);
  void due(const EntryPtr& entry);
  void start(const EntryPtr& entry);
  void finished(const EntryPtr& entry, bool success);
  void start_waiting();
  bool under_limit() const noexcept { return limited_running_ < options_.max_concurrent; }
  void check_idle();

  boost::asio::io_context& io_;
  boost::asio::thread_pool& workers_;
  SchedulerOptions options_;
  std::mt19937_64 random_{std::random_device{}()};
  std::map<std::string, EntryPtr> entries_;
  std::deque<EntryPtr> waiting_;
  std::size_t running_ = 0;          // every job in progress
  std::size_t limited_running_ = 0;  // those counting toward max_concurrent
  bool stopped_ = false;
  std::function<void()> on_drained_;
  std::function<void()> on_all_done_;
};

}  // namespace connector::host::scheduler
