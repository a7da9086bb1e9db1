// Several threads calling one plugin instance through the host runtime, with the
// real test plugins loaded in-process: the host serialises the calls of a plugin
// that lacks "concurrent-calls", lets those of one that has it run side by side,
// and loses nothing on the way (items, writes, counters). Built and run under
// ThreadSanitizer too (label "concurrency"), which is where a race here shows.
#include <spdlog/spdlog.h>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "loader/plugin_registry.hpp"
#include "runtime/in_process_instance.hpp"
#include "runtime/page_loop.hpp"
#include "support/environment.hpp"
#include "support/temp_dir.hpp"

using namespace connector::host;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

std::filesystem::path plugin_dir() {
  return test_support::required_env("CONNECTOR_TEST_PLUGIN_DIR");
}

// Counts the plugin calls in progress on one instance. The probe runs inside the
// item sink, so while a thread is in it the plugin call that emitted the item, and
// the host's per-instance lock if any, are still held.
class OverlapProbe {
 public:
  // Calls in progress, this one included; the thread stays inside for `dwell` so
  // that another call has time to show up if the host would let it.
  void visit(std::chrono::microseconds dwell) {
    {
      std::lock_guard lock(mutex_);
      ++inside_;
      most_ = std::max(most_, inside_);
    }
    std::this_thread::sleep_for(dwell);
    std::lock_guard lock(mutex_);
    --inside_;
  }

  // Blocks until `expected` calls are inside at once (true), or `patience` passed
  // (false). Nothing else may use the probe at the same time.
  bool meet(int expected, std::chrono::milliseconds patience) {
    std::unique_lock lock(mutex_);
    ++inside_;
    most_ = std::max(most_, inside_);
    arrived_.notify_all();
    const bool met = arrived_.wait_for(lock, patience, [&] { return most_ >= expected; });
    --inside_;
    return met;
  }

  int most_at_once() const {
    std::lock_guard lock(mutex_);
    return most_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  int inside_ = 0;
  int most_ = 0;
};

// What the instances borrow from the host, with a counter sink that several
// threads may call at once (conn_host.add_to_counter is [thread-safe]).
struct Host {
  explicit Host(const std::filesystem::path& state)
      : secrets(state), logger(std::make_shared<spdlog::logger>("concurrent-calls")) {}

  runtime::InstanceEnvironment environment() {
    return {logger,
            &secrets,
            &redactor,
            {},
            [this](std::string_view, std::string_view name, std::string_view, double delta) {
              std::lock_guard lock(counters_mutex);
              counters[std::string(name)] += delta;
            }};
  }

  runtime::SecretStore secrets;
  log::Redactor redactor;
  std::shared_ptr<spdlog::logger> logger;
  std::mutex counters_mutex;
  std::map<std::string, double> counters;
};

// Starts `count` threads running `body(index)`, joins them all, and rethrows the
// first exception one of them threw (an exception escaping a thread would end the
// test program).
template <class Body>
void on_threads(int count, Body body) {
  std::mutex mutex;
  std::exception_ptr first_error;
  std::vector<std::thread> threads;
  for (int t = 0; t < count; ++t) {
    threads.emplace_back([&, t] {
      try {
        body(t);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!first_error) first_error = std::current_exception();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  if (first_error) std::rethrow_exception(first_error);
}

// Every page of `type`, from `instance`, each item through `visit`; the ids seen.
template <class Visit>
std::vector<std::string> walk(runtime::Instance& instance, runtime::ListOperation operation,
                              std::string resource_type, Visit visit) {
  runtime::ListQuery query;
  query.resource_type = std::move(resource_type);
  std::vector<std::string> ids;
  runtime::PageLoop(instance, operation, query).run([&](json::object&& item) {
    ids.emplace_back(item.at("id").as_string());
    visit();
  });
  return ids;
}

// A fixture directory of `users` users (ids 1..users) and one empty group, g1.
std::filesystem::path fixture_directory(const test_support::TempDir& dir, int users) {
  json::array user_list;
  for (int id = 1; id <= users; ++id) {
    user_list.push_back(json::object{
        {"id", std::to_string(id)}, {"name", "User " + std::to_string(id)}, {"enabled", true}});
  }
  const json::object directory{
      {"api_key", "k"},
      {"users", std::move(user_list)},
      {"groups",
       json::array{json::object{{"id", "g1"}, {"name", "Staff"}, {"members", json::array()}}}}};
  return dir.write("directory.json", json::serialize(directory));
}

std::vector<std::string> user_ids(int first, int last) {
  std::vector<std::string> ids;
  for (int id = first; id <= last; ++id) ids.push_back("user:" + std::to_string(id));
  return ids;
}

constexpr int kThreads = 4;

}  // namespace

BOOST_AUTO_TEST_SUITE(concurrent_calls)

// "crashing" does not declare concurrent-calls (and never crashes with
// crash_on_page 0): the host must hold every other call back while one runs.
BOOST_AUTO_TEST_CASE(calls_on_a_plugin_without_concurrent_calls_never_overlap) {
  test_support::TempDir dir;
  Host host(dir.path() / "state");
  const auto registry = loader::PluginRegistry::scan(plugin_dir());
  const auto plugin = registry.find("crashing");
  BOOST_TEST_REQUIRE(plugin != nullptr);
  BOOST_TEST_REQUIRE(!plugin->descriptor().has_capability("concurrent-calls"));
  const auto instance = runtime::InProcessInstance::create(
      plugin, "serial", json::object{{"crash_on_page", 0}, {"user_count", 12}}, host.environment());

  OverlapProbe probe;
  std::vector<std::vector<std::string>> seen(kThreads);
  on_threads(kThreads, [&](int t) {
    seen[t] =
        walk(*instance, runtime::ListOperation::resources, "user", [&] { probe.visit(500us); });
  });
  BOOST_TEST(probe.most_at_once() == 1);
  for (const auto& ids : seen) BOOST_TEST(ids == user_ids(1, 12), boost::test_tools::per_element());
}

// "fixture" declares concurrent-calls: the host must not serialise its calls. Each
// thread's first item waits inside its call until every thread is inside one.
BOOST_AUTO_TEST_CASE(calls_on_a_concurrent_calls_plugin_run_side_by_side) {
  test_support::TempDir dir;
  Host host(dir.path() / "state");
  const auto registry = loader::PluginRegistry::scan(plugin_dir());
  const auto plugin = registry.find("fixture");
  BOOST_TEST_REQUIRE(plugin != nullptr);
  BOOST_TEST_REQUIRE(plugin->descriptor().has_capability("concurrent-calls"));
  const json::object config{{"fixture_file", fixture_directory(dir, 6).string()}, {"api_key", "k"}};
  const auto instance =
      runtime::InProcessInstance::create(plugin, "side-by-side", config, host.environment());

  OverlapProbe probe;
  std::vector<int> met(kThreads, 0);
  std::vector<std::vector<std::string>> seen(kThreads);
  on_threads(kThreads, [&](int t) {
    bool first = true;
    seen[t] = walk(*instance, runtime::ListOperation::resources, "user", [&] {
      if (first) met[t] = probe.meet(kThreads, 10s) ? 1 : 0;
      first = false;
    });
  });
  BOOST_TEST(probe.most_at_once() == kThreads);
  BOOST_TEST(std::count(met.begin(), met.end(), 1) == kThreads);
  for (const auto& ids : seen) BOOST_TEST(ids == user_ids(1, 6), boost::test_tools::per_element());
}

// Writers and readers on one instance at once: every grant lands exactly once,
// every read sees whole pages, and every write reaches the host's counter.
BOOST_AUTO_TEST_CASE(grants_and_listings_from_several_threads_lose_nothing) {
  constexpr int kUsersEach = 5;
  test_support::TempDir dir;
  Host host(dir.path() / "state");
  const auto registry = loader::PluginRegistry::scan(plugin_dir());
  const json::object config{
      {"fixture_file", fixture_directory(dir, kThreads * kUsersEach).string()}, {"api_key", "k"}};
  const auto instance = runtime::InProcessInstance::create(registry.find("fixture"), "mixed",
                                                           config, host.environment());

  std::vector<std::multiset<std::string>> answers(kThreads);
  std::vector<std::vector<std::string>> listed(kThreads);
  on_threads(kThreads, [&](int t) {
    for (int i = 1; i <= kUsersEach; ++i) {
      const std::string user = "user:" + std::to_string(t * kUsersEach + i);
      instance->grant("group:g1:member", user, false, [&](json::object&& item) {
        answers[t].insert(std::string(item.at("status").as_string()));
      });
      // Re-granting changes nothing, and says so.
      instance->grant("group:g1:member", user, false, [&](json::object&& item) {
        answers[t].insert(std::string(item.at("status").as_string()));
      });
    }
    listed[t] = walk(*instance, runtime::ListOperation::resources, "user", [] {});
  });

  for (int t = 0; t < kThreads; ++t) {
    BOOST_TEST(answers[t].count("granted") == std::size_t{kUsersEach});
    BOOST_TEST(answers[t].count("already_granted") == std::size_t{kUsersEach});
    BOOST_TEST(listed[t] == user_ids(1, kThreads * kUsersEach), boost::test_tools::per_element());
  }
  std::vector<std::string> principals;
  runtime::ListQuery query;
  query.resource_id = "group:g1";
  runtime::PageLoop(*instance, runtime::ListOperation::grants, query).run([&](json::object&& item) {
    principals.emplace_back(item.at("principal").as_string());
  });
  std::sort(principals.begin(), principals.end());
  std::vector<std::string> expected = user_ids(1, kThreads * kUsersEach);
  std::sort(expected.begin(), expected.end());
  BOOST_TEST(principals == expected, boost::test_tools::per_element());
  std::lock_guard lock(host.counters_mutex);
  BOOST_TEST(host.counters["directory_writes"] == double(kThreads * kUsersEach));
}

BOOST_AUTO_TEST_SUITE_END()
