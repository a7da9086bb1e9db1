// A sync whose process is killed with SIGKILL must leave the store as it was: the
// previous good run and the diff intact, the killed run marked failed on the next
// open, and PRAGMA integrity_check clean.
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

#include "connector/store/diff.hpp"
#include "connector/store/sync_runs.hpp"
#include "store_fixtures.hpp"

using namespace connector::store;
using store_test::TempDir;
using store_test::Tenant;

namespace {

std::string integrity_check(Database& db) {
  Statement check(db, "PRAGMA integrity_check");
  std::string result;
  while (check.step()) result += check.text(0);
  return result;
}

// The state at every good run the store keeps holds exactly as many items as the run's
// counts say, and no version was begun by a run that did not become good.
void check_good_runs_are_complete(Database& db, const std::string& connector) {
  for (const auto& run : list_runs(db, connector, 100, RunStatus::good)) {
    BOOST_TEST(store_test::state_counts(db, run) == run.counts, "run " << run.id);
  }
  BOOST_TEST(db.query_int("SELECT count(*) FROM item_versions WHERE valid_from IN"
                          " (SELECT id FROM sync_runs WHERE status <> 'good')") == 0);
}

// Runs `body` in a child process; returns its pid. The child never returns into
// the test framework.
template <typename Body>
pid_t spawn(Body body) {
  const pid_t pid = ::fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    int code = 0;
    try {
      body();
    } catch (...) {
      code = 3;
    }
    ::_exit(code);
  }
  return pid;
}

void kill_and_reap(pid_t pid) {
  ::kill(pid, SIGKILL);
  int status = 0;
  BOOST_REQUIRE(::waitpid(pid, &status, 0) == pid);
  BOOST_TEST(WIFSIGNALED(status));
  BOOST_TEST(WTERMSIG(status) == SIGKILL);
}

// Begins a sync of `connector` in a child process that streams users without end
// (bounded only for safety) and kills it with SIGKILL once it is well into the run.
void kill_9_well_into_a_sync(const std::filesystem::path& state_dir, const std::string& connector) {
  int ready[2];
  BOOST_REQUIRE(::pipe(ready) == 0);
  const pid_t child = spawn([&] {
    ::close(ready[0]);
    Store store(state_dir);
    auto writer = SyncWriter::begin(store, connector);
    for (int u = 1; u <= 50'000'000; ++u) {
      writer.add_resource(store_test::user(u));
      if (u == 5000 && ::write(ready[1], "x", 1) != 1) return;
    }
  });
  ::close(ready[1]);
  char byte = 0;
  BOOST_REQUIRE(::read(ready[0], &byte, 1) == 1);
  ::close(ready[0]);
  kill_and_reap(child);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(crash)

BOOST_AUTO_TEST_CASE(kill_9_mid_sync_leaves_the_last_good_run_and_the_diff_intact) {
  TempDir dir;
  std::optional<SyncDiff> diff_before;
  std::int64_t good_before = 0;
  {
    // Two good runs: a role member added between them.
    Store store(dir.path());
    Tenant tenant = Tenant::with_members(200, 5);
    store_test::sync_tenant(store, "demo", tenant);
    tenant.grants.emplace_back(1, 2);
    good_before = store_test::sync_tenant(store, "demo", tenant).id;
    diff_before = diff_last_good_runs(store.db(), "demo");
    BOOST_REQUIRE(diff_before.has_value());
    BOOST_REQUIRE(diff_before->grants.size() == 1u);
  }  // no connection is carried across fork()

  kill_9_well_into_a_sync(dir.path(), "demo");

  Store store(dir.path());
  BOOST_TEST(integrity_check(store.db()) == "ok");
  const auto runs = list_runs(store.db(), "demo", 10);
  BOOST_REQUIRE(runs.size() == 3u);
  BOOST_TEST(runs[0].status == RunStatus::failed);
  BOOST_TEST(runs[0].error.value_or("").find("ended before the sync finished") !=
             std::string::npos);
  BOOST_TEST(latest_good_run(store.db(), "demo")->id == good_before);

  const auto diff_after = diff_last_good_runs(store.db(), "demo");
  BOOST_REQUIRE(diff_after.has_value());
  BOOST_TEST(diff_after->to.id == diff_before->to.id);
  BOOST_TEST(diff_after->resources.empty());
  BOOST_REQUIRE(diff_after->grants.size() == 1u);
  BOOST_TEST(diff_after->grants[0].id == diff_before->grants[0].id);
  check_good_runs_are_complete(store.db(), "demo");

  // And the next sync works normally.
  Tenant tenant = Tenant::with_members(200, 5);
  BOOST_TEST(store_test::sync_tenant(store, "demo", tenant).status == RunStatus::good);
}

// A first sync into an empty store drops the deferred indexes and builds them at its
// commit (deferred_indexes_test.cpp); killed before that, the next open builds them.
BOOST_AUTO_TEST_CASE(kill_9_of_a_first_sync_leaves_the_indexes_to_the_next_open) {
  TempDir dir;
  std::map<std::string, std::string> indexes_before;
  {
    Store store(dir.path());
    indexes_before = store_test::version_indexes(store.db());
  }
  kill_9_well_into_a_sync(dir.path(), "demo");

  {
    // What the killed sync left: its run running, the deferred indexes dropped.
    Database left = Database::open(dir.path() / Store::kFileName);
    BOOST_TEST(left.query_int("SELECT count(*) FROM sync_runs WHERE status = 'running'") == 1);
    BOOST_TEST(store_test::version_indexes(left).size() == indexes_before.size() - 2);
  }
  Store store(dir.path());
  BOOST_TEST(integrity_check(store.db()) == "ok");
  BOOST_TEST(list_runs(store.db(), "demo", 10).at(0).status == RunStatus::failed);
  BOOST_TEST(store_test::version_indexes(store.db()) == indexes_before);
  BOOST_TEST(store_test::version_rows(store.db()) == 0);
  BOOST_TEST(store_test::sync_tenant(store, "demo", Tenant::with_members(20, 2)).status ==
             RunStatus::good);
  BOOST_TEST(store_test::version_indexes(store.db()) == indexes_before);
}

BOOST_AUTO_TEST_CASE(kill_9_at_random_moments_including_commit_never_corrupts_the_store) {
  TempDir dir;
  { Store store(dir.path()); }
  std::mt19937 random(20261124);
  std::uniform_int_distribution<int> delay_ms(20, 250);
  for (int round = 0; round < 4; ++round) {
    // The child syncs over and over, so the kill lands anywhere: staging, the copy
    // into the store, the guard, the status update, pruning.
    const pid_t child = spawn([&] {
      Store store(dir.path());
      for (int sync = 0; sync < 10'000; ++sync) {
        store_test::sync_tenant(store, "demo", Tenant::with_members(1500 + sync % 7, 4));
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
    kill_and_reap(child);

    Store store(dir.path());
    BOOST_TEST(integrity_check(store.db()) == "ok", "round " << round);
    BOOST_TEST(list_runs(store.db(), "demo", 1000, RunStatus::running).empty());
    check_good_runs_are_complete(store.db(), "demo");
  }
}

BOOST_AUTO_TEST_SUITE_END()
