#include "scheduler/scheduler.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <utility>

namespace connector::host::scheduler {

namespace asio = boost::asio;

struct Scheduler::Entry {
  Entry(asio::io_context& io, Job definition) : job(std::move(definition)), timer(io) {}

  Job job;
  asio::steady_timer timer;
  bool running = false;
  bool waiting = false;
  bool removed = false;
  unsigned failures = 0;  // in a row
  std::size_t runs = 0;
};

Scheduler::Scheduler(asio::io_context& io, asio::thread_pool& workers, SchedulerOptions options)
    : io_(io), workers_(workers), options_(options) {
  options_.max_concurrent = std::max<std::size_t>(options_.max_concurrent, 1);
}

void Scheduler::set_jobs(std::vector<Job> jobs) {
  std::map<std::string, EntryPtr> next;
  for (Job& job : jobs) {
    if (auto known = entries_.find(job.key); known != entries_.end()) {
      known->second->job = std::move(job);
      next.emplace(known->first, known->second);
      entries_.erase(known);
      continue;
    }
    auto entry = std::make_shared<Entry>(io_, std::move(job));
    next.emplace(entry->job.key, entry);
    if (!stopped_)
      schedule(entry, jittered(std::chrono::milliseconds(0), entry->job.jitter, random_));
  }
  for (auto& [key, dropped] : entries_) {  // keys no longer listed
    dropped->removed = true;
    dropped->timer.cancel();
  }
  std::erase_if(waiting_, [](const EntryPtr& entry) { return entry->removed; });
  entries_ = std::move(next);
}

void Scheduler::stop(std::function<void()> on_drained) {
  stopped_ = true;
  on_drained_ = std::move(on_drained);
  for (auto& [key, entry] : entries_) entry->timer.cancel();
  for (const EntryPtr& entry : waiting_) entry->waiting = false;
  waiting_.clear();
  check_idle();
}

void Scheduler::on_all_done(std::function<void()> on_done) {
  on_all_done_ = std::move(on_done);
  check_idle();
}

void Scheduler::schedule(const EntryPtr& entry, std::chrono::milliseconds delay) {
  entry->timer.expires_after(delay);
  entry->timer.async_wait([this, weak = std::weak_ptr<Entry>(entry)](boost::system::error_code ec) {
    const EntryPtr alive = weak.lock();
    if (!ec && alive) due(alive);
  });
}

void Scheduler::due(const EntryPtr& entry) {
  if (stopped_ || entry->removed || entry->running || entry->waiting) return;
  if (entry->job.counts_toward_limit && !under_limit()) {
    entry->waiting = true;
    waiting_.push_back(entry);
    return;
  }
  start(entry);
}

void Scheduler::start(const EntryPtr& entry) {
  entry->running = true;
  ++running_;
  if (entry->job.counts_toward_limit) ++limited_running_;
  // A copy: set_jobs may replace the definition while this run is in progress.
  asio::post(workers_, [this, entry, work = entry->job.run] {
    bool success = false;
    try {
      success = work && work();
    } catch (...) {  // the job reports its own errors; here it only counts as failed
      success = false;
    }
    asio::post(io_, [this, entry, success] { finished(entry, success); });
  });
}

void Scheduler::finished(const EntryPtr& entry, bool success) {
  entry->running = false;
  ++entry->runs;
  --running_;
  if (entry->job.counts_toward_limit) --limited_running_;
  entry->failures = success ? 0 : entry->failures + 1;
  if (!stopped_ && !options_.once && !entry->removed) {
    const auto period = entry->job.every;
    schedule(entry, success ? jittered(period, entry->job.jitter, random_)
                            : retry_delay(options_.backoff, entry->failures, period));
  }
  start_waiting();
  check_idle();
}

void Scheduler::start_waiting() {
  while (!stopped_ && !waiting_.empty() && under_limit()) {
    EntryPtr next = std::move(waiting_.front());
    waiting_.pop_front();
    next->waiting = false;
    start(next);
  }
}

void Scheduler::check_idle() {
  if (stopped_ && running_ == 0 && on_drained_) {
    // Moved out first: the callback may destroy the objects that own this scheduler.
    auto callback = std::exchange(on_drained_, nullptr);
    callback();
    return;
  }
  if (options_.once && on_all_done_ && running_ == 0 && waiting_.empty() &&
      std::all_of(entries_.begin(), entries_.end(),
                  [](const auto& item) { return item.second->runs > 0; })) {
    auto callback = std::exchange(on_all_done_, nullptr);
    callback();
  }
}

}  // namespace connector::host::scheduler
