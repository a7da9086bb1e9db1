// The scheduler on a real io_context and worker pool, with jobs that count.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include "scheduler/backoff.hpp"
#include "scheduler/scheduler.hpp"

namespace asio = boost::asio;
namespace sched = connector::host::scheduler;
using namespace std::chrono_literals;

namespace {

// Runs `io` until `done` is called or `limit` passes.
void run_until(asio::io_context& io, std::chrono::milliseconds limit) {
  asio::steady_timer guard(io, limit);
  guard.async_wait([&](boost::system::error_code ec) {
    if (!ec) io.stop();
  });
  io.run();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scheduler)

BOOST_AUTO_TEST_CASE(retry_delay_doubles_up_to_the_cap_and_the_period) {
  const sched::BackoffPolicy policy{.initial = 1s, .max = 10s};
  BOOST_TEST(sched::retry_delay(policy, 1, 1h).count() == 1000);
  BOOST_TEST(sched::retry_delay(policy, 2, 1h).count() == 2000);
  BOOST_TEST(sched::retry_delay(policy, 4, 1h).count() == 8000);
  BOOST_TEST(sched::retry_delay(policy, 5, 1h).count() == 10000);
  BOOST_TEST(sched::retry_delay(policy, 1000, 1h).count() == 10000);
  BOOST_TEST(sched::retry_delay(policy, 3, 3s).count() == 3000);  // never later than the period
}

BOOST_AUTO_TEST_CASE(jitter_stays_within_its_bound) {
  std::mt19937_64 random(42);
  bool varied = false;
  for (int i = 0; i < 200; ++i) {
    const auto delay = sched::jittered(1000ms, 500ms, random);
    BOOST_TEST((delay >= 1000ms && delay <= 1500ms));
    varied = varied || delay != 1000ms;
  }
  BOOST_TEST(varied);
  BOOST_TEST(sched::jittered(1000ms, 0ms, random).count() == 1000);
}

BOOST_AUTO_TEST_CASE(runs_each_job_repeatedly_never_two_runs_of_one_key_at_once) {
  asio::io_context io;
  asio::thread_pool workers(4);
  sched::Scheduler scheduler(io, workers, {.max_concurrent = 4, .backoff = {}});
  std::atomic<int> runs{0}, inside{0}, overlap{0};
  scheduler.set_jobs({{.key = "a", .every = 20ms, .run = [&] {
                         if (inside.fetch_add(1) != 0) ++overlap;
                         std::this_thread::sleep_for(5ms);
                         --inside;
                         ++runs;
                         return true;
                       }}});
  run_until(io, 400ms);
  scheduler.stop([] {});
  workers.join();
  BOOST_TEST(runs.load() >= 5);
  BOOST_TEST(overlap.load() == 0);
}

BOOST_AUTO_TEST_CASE(the_global_limit_holds_across_jobs) {
  asio::io_context io;
  asio::thread_pool workers(4);
  sched::Scheduler scheduler(io, workers, {.max_concurrent = 2, .backoff = {}});
  std::atomic<int> inside{0}, most{0}, runs{0};
  std::vector<sched::Job> jobs;
  for (const char* key : {"a", "b", "c", "d"}) {
    jobs.push_back({.key = key, .every = 10ms, .run = [&] {
                      const int now = ++inside;
                      int seen = most.load();
                      while (now > seen && !most.compare_exchange_weak(seen, now)) {
                      }
                      std::this_thread::sleep_for(20ms);
                      --inside;
                      ++runs;
                      return true;
                    }});
  }
  scheduler.set_jobs(std::move(jobs));
  run_until(io, 300ms);
  scheduler.stop([] {});
  workers.join();
  BOOST_TEST(most.load() == 2);
  BOOST_TEST(runs.load() >= 8);
}

BOOST_AUTO_TEST_CASE(backoff_spaces_retries_of_a_job_with_a_long_period) {
  asio::io_context io;
  asio::thread_pool workers(2);
  sched::Scheduler scheduler(io, workers,
                             {.max_concurrent = 1, .backoff = {.initial = 40ms, .max = 1s}});
  std::atomic<int> attempts{0};
  scheduler.set_jobs({{.key = "failing", .every = 1h, .run = [&] {
                         ++attempts;
                         return false;
                       }}});
  // Attempts at 0, 40, 120, 280 ms (delays 40, 80, 160): 4 by 350 ms, never 5.
  run_until(io, 350ms);
  scheduler.stop([] {});
  workers.join();
  BOOST_TEST(attempts.load() >= 3);
  BOOST_TEST(attempts.load() <= 4);
}

BOOST_AUTO_TEST_CASE(stop_waits_for_the_run_in_progress) {
  asio::io_context io;
  asio::thread_pool workers(2);
  sched::Scheduler scheduler(io, workers, {});
  std::atomic<bool> release{false}, finished{false};
  scheduler.set_jobs({{.key = "slow", .every = 1h, .run = [&] {
                         while (!release) std::this_thread::sleep_for(1ms);
                         finished = true;
                         return true;
                       }}});
  bool drained = false;
  asio::steady_timer stop_soon(io, 50ms);
  stop_soon.async_wait([&](boost::system::error_code) {
    BOOST_TEST(scheduler.running() == 1u);
    scheduler.stop([&] {
      drained = true;
      BOOST_TEST(finished.load());
      io.stop();
    });
    BOOST_TEST(!drained);
    release = true;
  });
  run_until(io, 2s);
  workers.join();
  BOOST_TEST(drained);
}

BOOST_AUTO_TEST_CASE(once_mode_runs_every_job_once_then_reports_done) {
  asio::io_context io;
  asio::thread_pool workers(2);
  sched::Scheduler scheduler(io, workers, {.max_concurrent = 1, .backoff = {}, .once = true});
  std::atomic<int> a{0}, b{0};
  scheduler.set_jobs({{.key = "a", .every = 1ms, .run = [&] { return ++a, true; }},
                      {.key = "b", .every = 1ms, .run = [&] { return ++b, false; }}});
  bool done = false;
  scheduler.on_all_done([&] {
    done = true;
    io.stop();
  });
  run_until(io, 2s);
  workers.join();
  BOOST_TEST(done);
  BOOST_TEST(a.load() == 1);
  BOOST_TEST(b.load() == 1);  // a failure is not retried in once mode
}

BOOST_AUTO_TEST_CASE(a_job_dropped_by_set_jobs_runs_no_more) {
  asio::io_context io;
  asio::thread_pool workers(2);
  sched::Scheduler scheduler(io, workers, {});
  std::atomic<int> kept{0}, dropped{0};
  scheduler.set_jobs({{.key = "kept", .every = 10ms, .run = [&] { return ++kept, true; }},
                      {.key = "dropped", .every = 10ms, .run = [&] { return ++dropped, true; }}});
  int dropped_at_change = -1;
  asio::steady_timer change(io, 100ms);
  change.async_wait([&](boost::system::error_code) {
    scheduler.set_jobs({{.key = "kept", .every = 10ms, .run = [&] { return ++kept, true; }}});
    dropped_at_change = dropped.load();
  });
  run_until(io, 300ms);
  scheduler.stop([] {});
  workers.join();
  BOOST_TEST(dropped_at_change >= 1);
  // At most the run already in flight at the change finishes after it.
  BOOST_TEST(dropped.load() <= dropped_at_change + 1);
  BOOST_TEST(kept.load() >= 10);
  BOOST_TEST(scheduler.job_count() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
