// Connectors in worker processes, driven through the host's runtime as the commands
// and the sync engine drive them, with the real test plugins and the real
// connector-worker (CONNECTOR_WORKER): the same items and services as in-process;
// each way a plugin can fail (crash, exit, hang, exhaust memory) fails only its
// call, with its reason, the worker ended and reaped; the host's "no more" reaches
// the plugin; the sandbox refuses what it must.
#include <signal.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "isolation/open_instance.hpp"
#include "isolation/worker_instance.hpp"
#include "isolation/worker_lost_error.hpp"
#include "loader/plugin_registry.hpp"
#include "runtime/call_error.hpp"
#include "runtime/interrupt.hpp"
#include "runtime/page_loop.hpp"
#include "sandbox/landlock.hpp"
#include "support/child_process.hpp"
#include "support/environment.hpp"
#include "support/temp_dir.hpp"

using namespace connector::host;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool sanitizer_build = true;
#else
constexpr bool sanitizer_build = false;
#endif

// What the instances borrow from the host, a log that tests can read, and the
// connectors built from one plugin registry.
class Rig {
 public:
  Rig()
      : secrets_(state_.path()),
        logger_(std::make_shared<spdlog::logger>(
            "isolation", std::make_shared<spdlog::sinks::ostream_sink_mt>(log_))),
        registry_(
            loader::PluginRegistry::scan(test_support::required_env("CONNECTOR_TEST_PLUGIN_DIR"))) {
    logger_->set_level(spdlog::level::debug);
    logger_->set_pattern("%v");
  }

  // A connector on `plugin` with `config`, as a manifest would give it.
  manifest::ConnectorConfig connector(const std::string& plugin, json::object config,
                                      manifest::Isolation isolation = manifest::Isolation::process,
                                      manifest::WorkerLimits limits = {}) const {
    manifest::ConnectorConfig connector;
    connector.manifest.id = plugin + "-test";
    connector.manifest.plugin = plugin;
    connector.manifest.isolation = isolation;
    connector.manifest.limits = limits;
    connector.manifest.config = config;
    connector.plugin = registry_.find(plugin);
    BOOST_REQUIRE_MESSAGE(connector.plugin != nullptr, "no plugin " << plugin);
    connector.config = std::move(config);
    return connector;
  }

  std::unique_ptr<runtime::Instance> open(const manifest::ConnectorConfig& connector) {
    return isolation::open_instance(connector, environment());
  }

  runtime::InstanceEnvironment environment() {
    return {logger_,
            &secrets_,
            &redactor_,
            {},
            [this](std::string_view, std::string_view name, std::string_view, double delta) {
              const std::lock_guard<std::mutex> lock(mutex_);
              counters_[std::string(name)] += delta;
            },
            [this](std::string_view connector) {
              const std::lock_guard<std::mutex> lock(mutex_);
              restarts_.emplace_back(connector);
            }};
  }

  std::string log() const {
    logger_->flush();
    return log_.str();
  }
  double counter(const std::string& name) {
    const std::lock_guard<std::mutex> lock(mutex_);
    return counters_[name];
  }
  std::vector<std::string> restarts() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return restarts_;
  }
  const test_support::TempDir& state() const { return state_; }
  runtime::SecretStore& secrets() { return secrets_; }
  log::Redactor& redactor() { return redactor_; }

 private:
  test_support::TempDir state_;
  runtime::SecretStore secrets_;
  log::Redactor redactor_;
  std::ostringstream log_;
  std::shared_ptr<spdlog::logger> logger_;
  loader::PluginRegistry registry_;
  std::mutex mutex_;
  std::map<std::string, double> counters_;
  std::vector<std::string> restarts_;
};

pid_t worker_pid(const runtime::Instance& instance) {
  const auto* worker = dynamic_cast<const isolation::WorkerInstance*>(&instance);
  BOOST_REQUIRE(worker != nullptr);
  return worker->worker_pid();
}

// Reaped: no longer a process, not even a zombie waiting for its parent.
bool reaped(pid_t pid) {
  errno = 0;
  return ::waitpid(pid, nullptr, WNOHANG) == -1 && errno == ECHILD && ::kill(pid, 0) == -1;
}

// Every item of every page of `operation`, as JSON text.
std::vector<std::string> walk(runtime::Instance& instance, runtime::ListOperation operation,
                              runtime::ListQuery query = {}) {
  std::vector<std::string> items;
  runtime::PageLoop(instance, operation, std::move(query)).run([&](json::object&& item) {
    items.push_back(json::serialize(item));
  });
  return items;
}

runtime::ListQuery of_type(const std::string& type) {
  runtime::ListQuery query;
  query.resource_type = type;
  return query;
}

std::vector<std::string> checks(runtime::Instance& instance) {
  std::vector<std::string> items;
  instance.validate([&](json::object&& item) { items.push_back(json::serialize(item)); });
  return items;
}

// The fixture connector on a private copy of tests/host/fixtures/directory.json.
struct FixtureData {
  FixtureData() {
    const std::filesystem::path source =
        std::filesystem::path(test_support::required_env("HOST_TEST_DATA")) / "fixtures" /
        "directory.json";
    std::filesystem::copy_file(source, file());
    std::ifstream in(source);
    api_key =
        json::parse(std::string(std::istreambuf_iterator<char>(in), {})).at("api_key").as_string();
  }
  std::filesystem::path file() const { return dir.path() / "directory.json"; }
  json::object config() const {
    return {{"fixture_file", file().string()}, {"api_key", api_key}, {"page_size", 2}};
  }
  test_support::TempDir dir;
  std::string api_key;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Checks `error` is a WorkerLostError with exactly `what` and `status`.
template <class Call>
void expect_lost(Call call, const std::string& what, conn_status status = CONN_UNAVAILABLE) {
  try {
    call();
    BOOST_FAIL("the call did not fail; expected: " << what);
  } catch (const isolation::WorkerLostError& e) {
    BOOST_TEST(std::string(e.what()) == what);
    BOOST_TEST(e.status() == status);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(worker_instance)

BOOST_AUTO_TEST_CASE(a_worker_gives_the_same_items_as_in_process) {
  Rig rig;
  FixtureData data;
  auto in_process =
      rig.open(rig.connector("fixture", data.config(), manifest::Isolation::in_process));
  auto worker = rig.open(rig.connector("fixture", data.config()));
  BOOST_TEST(in_process->isolation().mode == "in-process");
  BOOST_TEST(worker->isolation().mode == "worker process " + std::to_string(worker_pid(*worker)));

  std::vector<std::string> types[2];
  in_process->list_resource_types(
      [&](json::object&& item) { types[0].push_back(json::serialize(item)); });
  worker->list_resource_types(
      [&](json::object&& item) { types[1].push_back(json::serialize(item)); });
  BOOST_TEST(types[0] == types[1], boost::test_tools::per_element());
  BOOST_TEST(types[0].size() == 2u);
  for (const char* type : {"user", "group"}) {
    runtime::ListQuery query;
    query.resource_type = type;
    const auto expected = walk(*in_process, runtime::ListOperation::resources, query);
    BOOST_TEST(!expected.empty());
    BOOST_TEST(walk(*worker, runtime::ListOperation::resources, query) == expected,
               boost::test_tools::per_element());
  }
  BOOST_TEST(walk(*worker, runtime::ListOperation::entitlements) ==
                 walk(*in_process, runtime::ListOperation::entitlements),
             boost::test_tools::per_element());
  BOOST_TEST(walk(*worker, runtime::ListOperation::grants) ==
                 walk(*in_process, runtime::ListOperation::grants),
             boost::test_tools::per_element());
  BOOST_TEST(checks(*worker) == checks(*in_process), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_worker_writes_the_file_its_schema_marks_and_uses_the_hosts_services) {
  Rig rig;
  FixtureData data;
  auto worker = rig.open(rig.connector("fixture", data.config()));
  std::string status;
  worker->grant("group:g2:member", "user:1", false,
                [&](json::object&& item) { status = std::string(item.at("status").as_string()); });
  BOOST_TEST(status == "granted");
  // fixture_file is "x-file": "write": the sandbox lets the plugin replace it.
  BOOST_TEST(read_file(data.file()).find(R"("1")") != std::string::npos);
  worker->revoke("group:g2:member", "user:1", false, [](json::object&&) {});
  BOOST_TEST(rig.counter("directory_writes") == 2.0);  // add_to_counter, through the worker
  BOOST_TEST(
      rig.log().find("connector 'fixture-test': granted group:g2:member") != std::string::npos,
      rig.log());

  // An operation the plugin lacks is the host's UNIMPLEMENTED, as in-process.
  BOOST_CHECK_EXCEPTION(worker->get_operation("{}", [](json::object&&) {}),
                        runtime::PluginCallError, [](const runtime::PluginCallError& e) {
                          return e.status() == CONN_UNIMPLEMENTED &&
                                 std::string(e.what()) ==
                                     "plugin 'fixture': UNIMPLEMENTED: the plugin does not "
                                     "support get_operation";
                        });
}

BOOST_AUTO_TEST_CASE(a_secret_the_plugin_stores_is_on_disk_and_redacted) {
  Rig rig;
  auto worker = rig.open(rig.connector("emitter", {{"secret", "s3cr3t-rotated-19"}}));
  const auto items = checks(*worker);
  BOOST_REQUIRE_EQUAL(items.size(), 1u);
  BOOST_TEST(items[0].find(R"("ok":true)") != std::string::npos, items[0]);
  BOOST_TEST(rig.secrets().read("emitter-test", {"secret"}).at("secret") == "s3cr3t-rotated-19");
  BOOST_TEST(rig.redactor().redact("token s3cr3t-rotated-19") == "token [REDACTED]");
}

BOOST_AUTO_TEST_CASE(a_crash_fails_the_call_with_its_signal_and_the_worker_is_reaped) {
  Rig rig;
  auto worker = rig.open(rig.connector("crashing", {{"crash_on_page", 2}, {"user_count", 6}}));
  const pid_t pid = worker_pid(*worker);
  runtime::ListQuery users;
  users.resource_type = "user";
  std::size_t received = 0;
  expect_lost(
      [&] {
        runtime::PageLoop(*worker, runtime::ListOperation::resources, users)
            .run([&](json::object&&) { ++received; });
      },
      "plugin 'crashing' crashed (SIGSEGV) in list_resources");
  BOOST_TEST(received == 2u);  // the first page arrived whole
  BOOST_TEST(reaped(pid));
  // What the plugin logged before it crashed still reached the host's log.
  BOOST_TEST(rig.log().find("crashing on page 2 as configured") != std::string::npos, rig.log());
  // The instance stays lost; nothing is retried behind the caller's back.
  expect_lost([&] { worker->list_resource_types([](json::object&&) {}); },
              "plugin 'crashing' crashed (SIGSEGV) in list_resources; list_resource_types needs a "
              "new instance of the connector");
  worker->end_walk("any");  // nothing to end, and no throw
  worker.reset();

  // The next instance of the connector gets a new worker: a restart.
  BOOST_TEST(rig.restarts().empty());
  auto again = rig.open(rig.connector("crashing", {{"crash_on_page", 0}, {"user_count", 6}}));
  BOOST_TEST(walk(*again, runtime::ListOperation::resources, users).size() == 6u);
  BOOST_TEST(rig.restarts() == std::vector<std::string>{"crashing-test"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_exit_fails_the_call_with_its_status) {
  Rig rig;
  auto worker = rig.open(
      rig.connector("crashing", {{"crash_on_page", 1}, {"user_count", 6}, {"exit_status", 3}}));
  const pid_t pid = worker_pid(*worker);
  expect_lost(
      [&] { worker->list_page(runtime::ListOperation::resources, of_type("user"), "", {}); },
      "plugin 'crashing' exited with status 3 in list_resources");
  BOOST_TEST(reaped(pid));
}

BOOST_AUTO_TEST_CASE(a_plugin_that_ignores_its_deadline_is_ended) {
  Rig rig;
  manifest::WorkerLimits limits;
  limits.call_timeout = 1s;
  auto worker =
      rig.open(rig.connector("blocking", {{"hang", true}}, manifest::Isolation::process, limits));
  const pid_t pid = worker_pid(*worker);
  expect_lost([&] { worker->list_resource_types([](json::object&&) {}); },
              "plugin 'blocking' stopped answering after 1 s in list_resource_types");
  BOOST_TEST(reaped(pid));
}

BOOST_AUTO_TEST_CASE(a_plugin_that_honours_its_deadline_fails_the_call_and_stays) {
  Rig rig;
  manifest::WorkerLimits limits;
  limits.call_timeout = 1s;
  auto worker = rig.open(rig.connector("blocking", {}, manifest::Isolation::process, limits));
  for (int attempt = 0; attempt < 2; ++attempt) {
    BOOST_CHECK_EXCEPTION(
        worker->list_resource_types([](json::object&&) {}), runtime::PluginCallError,
        [](const runtime::PluginCallError& e) {
          return e.status() == CONN_DEADLINE_EXCEEDED &&
                 std::string(e.what()) ==
                     "plugin 'blocking': DEADLINE_EXCEEDED: list_resource_types did not finish "
                     "within 1 s (limits.call_timeout)";
        });
  }
  BOOST_TEST(::kill(worker_pid(*worker), 0) == 0);  // the same worker served both calls
}

BOOST_AUTO_TEST_CASE(a_plugin_that_allocates_without_end_fails_at_its_memory_limit) {
  if (sanitizer_build) {
    BOOST_TEST_MESSAGE("skipped: a sanitizer build leaves the worker's memory unlimited");
    return;
  }
  Rig rig;
  manifest::WorkerLimits limits;
  limits.memory_bytes = 64 << 20;
  auto worker = rig.open(
      rig.connector("leaking", {{"give_up_mib", 512}}, manifest::Isolation::process, limits));
  BOOST_TEST(worker->isolation().limits.find("memory 64 MiB") != std::string::npos,
             worker->isolation().limits);
  const pid_t pid = worker_pid(*worker);
  expect_lost(
      [&] { worker->list_page(runtime::ListOperation::resources, of_type("user"), "", {}); },
      "plugin 'leaking' ran out of memory in list_resources: its worker reached "
      "limits.memory (64 MiB)",
      CONN_RESOURCE_EXHAUSTED);
  BOOST_TEST(reaped(pid));
}

BOOST_AUTO_TEST_CASE(a_plugin_that_spins_is_ended_at_its_cpu_limit) {
  Rig rig;
  manifest::WorkerLimits limits;
  limits.cpu = 1s;  // the deadline (10 min) is far: only the CPU limit can end the call
  auto worker =
      rig.open(rig.connector("blocking", {{"spin", true}}, manifest::Isolation::process, limits));
  BOOST_TEST(worker->isolation().limits.find("CPU 1 s") != std::string::npos,
             worker->isolation().limits);
  const pid_t pid = worker_pid(*worker);
  expect_lost([&] { worker->list_resource_types([](json::object&&) {}); },
              "plugin 'blocking' used up its CPU time (limits.cpu_seconds 1, SIGXCPU) in "
              "list_resource_types");
  BOOST_TEST(reaped(pid));
}

BOOST_AUTO_TEST_CASE(a_worker_holds_no_more_descriptors_than_its_limit) {
  Rig rig;
  manifest::WorkerLimits limits;
  limits.open_files = 64;
  const json::object config{{"descriptors", 100}};
  auto worker =
      rig.open(rig.connector("sandbox-probe", config, manifest::Isolation::process, limits));
  BOOST_TEST(worker->isolation().limits.find("64 open files") != std::string::npos,
             worker->isolation().limits);
  BOOST_TEST(
      checks(*worker) ==
          std::vector<std::string>{
              R"({"check":"hold 100 descriptors","ok":false,"message":"Too many open files"})"},
      boost::test_tools::per_element());
  // The limit is the worker's own: in-process the plugin holds them all.
  auto in_process =
      rig.open(rig.connector("sandbox-probe", config, manifest::Isolation::in_process));
  BOOST_TEST(checks(*in_process) ==
                 std::vector<std::string>{
                     R"({"check":"hold 100 descriptors","ok":true,"message":"succeeded"})"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_hosts_no_more_stops_the_plugin_without_it_running_ahead) {
  Rig rig;
  constexpr int item_bytes = 200;
  auto worker =
      rig.open(rig.connector("emitter", {{"items", 1'000'000}, {"item_bytes", item_bytes}}));
  std::size_t taken = 0;
  BOOST_CHECK_EXCEPTION(worker->list_page(runtime::ListOperation::resources, of_type("user"), "",
                                          [&](json::object&&) {
                                            if (++taken == 10)
                                              throw std::runtime_error("the store is full");
                                          }),
                        std::runtime_error, [](const std::runtime_error& e) {
                          return std::string(e.what()) == "the store is full";
                        });
  BOOST_TEST(taken == 10u);
  // The plugin heard "no more" after at most the batches in flight (4 of 64 KiB) and
  // the one it was filling: a few thousand items of the million it would emit.
  const std::string log = rig.log();
  const auto at = log.find("emitted ");
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, log);
  const long emitted = std::stol(log.substr(at + 8));
  BOOST_TEST_MESSAGE("the plugin emitted " << emitted << " items before it stopped");
  BOOST_TEST(emitted >= 10);
  BOOST_TEST(emitted <= 5 * (64 * 1024 / item_bytes + 1));
  // And the worker is fine: the next call works.
  BOOST_TEST(walk(*worker, runtime::ListOperation::entitlements).empty());
}

BOOST_AUTO_TEST_CASE(every_item_of_a_long_listing_arrives_once_and_in_order) {
  Rig rig;
  auto worker = rig.open(rig.connector("emitter", {{"items", 50'000}, {"item_bytes", 120}}));
  long expected = 1;
  bool in_order = true;
  worker->list_page(
      runtime::ListOperation::resources, of_type("user"), "", [&](json::object&& item) {
        in_order = in_order && item.at("id").as_string() == "user:" + std::to_string(expected);
        ++expected;
      });
  BOOST_TEST(in_order);
  BOOST_TEST(expected - 1 == 50'000);
}

BOOST_AUTO_TEST_CASE(a_slow_host_holds_the_plugin_back_and_still_gets_every_item) {
  // The sink is slow, so the worker's window of unacknowledged batches is full when
  // the plugin returns: its last batch must wait for acks, and get them.
  Rig rig;
  manifest::WorkerLimits limits;
  limits.call_timeout = 30s;  // a worker stuck on its window fails the test rather than hangs it
  auto worker = rig.open(rig.connector("emitter", {{"items", 4000}, {"item_bytes", 100}},
                                       manifest::Isolation::process, limits));
  for (int call = 0; call < 3; ++call) {
    std::size_t received = 0;
    worker->list_page(runtime::ListOperation::resources, of_type("user"), "", [&](json::object&&) {
      ++received;
      std::this_thread::sleep_for(20us);
    });
    BOOST_TEST(received == 4000u);
  }
}

BOOST_AUTO_TEST_CASE(a_signal_cancels_the_call_and_one_that_is_not_heard_ends_the_worker) {
  Rig rig;
  for (const bool hang : {false, true}) {
    auto worker = rig.open(rig.connector("blocking", {{"hang", hang}}));
    const pid_t pid = worker_pid(*worker);
    std::thread interrupter([] {
      std::this_thread::sleep_for(200ms);
      runtime::set_interrupt_signal(SIGTERM);
    });
    BOOST_CHECK_EXCEPTION(
        worker->list_resource_types([](json::object&&) {}), HostError,
        [](const HostError& e) { return static_cast<int>(e.code()) == 128 + SIGTERM; });
    interrupter.join();
    runtime::set_interrupt_signal(0);
    if (hang) {
      BOOST_TEST(reaped(pid));  // it did not stop when cancelled, so it was ended
    } else {
      BOOST_TEST(::kill(pid, 0) == 0);  // it stopped as asked, and lives on
    }
  }
}

// The worker holds the connector's secrets (its config comes with create): no core
// file, and not dumpable (an exec had made it dumpable again; the worker resets it).
BOOST_AUTO_TEST_CASE(a_worker_has_no_core_file_and_is_not_dumpable) {
  Rig rig;
  FixtureData data;
  auto worker = rig.open(rig.connector("fixture", data.config()));
  const std::string limits = worker->isolation().limits;
  BOOST_TEST(limits.find("no core dumps, not dumpable") != std::string::npos, limits);
  // The core limit as the kernel shows it from outside the worker.
  std::ifstream file("/proc/" + std::to_string(worker_pid(*worker)) + "/limits");
  std::stringstream text;
  text << file.rdbuf();
  const std::string proc_limits = text.str();
  const auto core = proc_limits.find("Max core file size");
  BOOST_REQUIRE_MESSAGE(core != std::string::npos, proc_limits);
  std::istringstream fields(proc_limits.substr(core + std::string("Max core file size").size()));
  std::string soft, hard;
  fields >> soft >> hard;
  BOOST_TEST(soft == "0");
  BOOST_TEST(hard == "0");
}

BOOST_AUTO_TEST_CASE(the_sandbox_refuses_what_the_plugin_was_not_given) {
  const sandbox::LandlockSupport support = sandbox::probe_landlock();
  if (support.abi == 0) {
    BOOST_TEST_MESSAGE("skipped: " << support.reason);
    return;
  }
  Rig rig;
  // A secret-like file outside everything the sandbox grants, named relative to the
  // working directory (a path the config names absolutely would be granted).
  const test_support::TempDir elsewhere;
  const auto shadow = elsewhere.write("shadow", "root:$6$not-a-real-hash:19000::::::\n");
  const auto granted = elsewhere.write("granted.pem", "a file the operator names\n");
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(elsewhere.path());
  ::setenv("ISOLATION_TEST_SECRET", "in-the-host-environment", 1);
  const json::object config{{"read", json::array{"shadow", "/etc/hosts", granted.string()}},
                            {"write", json::array{"written-by-plugin"}},
                            {"read_etc_shadow", true},
                            {"run", "/bin/true"},
                            {"env", json::array{"ISOLATION_TEST_SECRET"}}};
  std::vector<std::string> sandboxed;
  std::vector<std::string> unconfined;
  {
    auto worker = rig.open(rig.connector("sandbox-probe", config));
    BOOST_TEST(worker->isolation().sandboxed);
    BOOST_TEST(
        worker->isolation().sandbox.rfind("Landlock ABI " + std::to_string(support.abi), 0) == 0u,
        worker->isolation().sandbox);
    sandboxed = checks(*worker);
    auto in_process =
        rig.open(rig.connector("sandbox-probe", config, manifest::Isolation::in_process));
    unconfined = checks(*in_process);
  }
  std::filesystem::current_path(cwd);
  ::unsetenv("ISOLATION_TEST_SECRET");
  const std::vector<std::string> expected_sandboxed{
      R"({"check":"read shadow","ok":false,"message":"Permission denied"})",
      R"({"check":"read /etc/hosts","ok":true,"message":"succeeded"})",
      R"({"check":"read )" + granted.string() + R"(","ok":true,"message":"succeeded"})",
      R"({"check":"read /etc/shadow","ok":false,"message":"Permission denied"})",
      R"({"check":"write written-by-plugin","ok":false,"message":"Permission denied"})",
      R"({"check":"run /bin/true","ok":false,"message":"Permission denied"})",
      R"({"check":"env ISOLATION_TEST_SECRET","ok":false,"message":"not set"})"};
  BOOST_TEST(sandboxed == expected_sandboxed, boost::test_tools::per_element());
  // In-process the same plugin could do all of it (this test runs as root, or owns
  // the files): what the worker was refused is the sandbox's doing.
  for (const auto& check : unconfined) {
    if (check.find("/etc/shadow") != std::string::npos && ::geteuid() != 0) continue;
    if (check.find("env ") != std::string::npos) continue;  // the host's own environment
    BOOST_TEST(check.find(R"("ok":true)") != std::string::npos, check);
  }
  BOOST_TEST(unconfined.size() == expected_sandboxed.size());
  BOOST_TEST(std::filesystem::exists(elsewhere.path() / "written-by-plugin"));
}

BOOST_AUTO_TEST_CASE(a_worker_whose_parent_is_not_the_host_leaves_at_once) {
  // A host that died before the worker tied its life to it left the worker to another
  // parent: the worker sees that and exits without loading anything.
  const auto result =
      test_support::run({test_support::required_env("CONNECTOR_WORKER"), "--parent", "1",
                         "--plugin", "/nonexistent.so", "--plugin-id", "x", "--connector", "x",
                         "--memory", "1073741824", "--cpu-seconds", "10", "--open-files", "64"},
                        {}, 10s);
  BOOST_TEST(result.exit_code == 0);
  BOOST_TEST(result.err.empty(), result.err);
  // Started by hand, it says what it is for.
  const auto by_hand = test_support::run({test_support::required_env("CONNECTOR_WORKER")}, {}, 10s);
  BOOST_TEST(by_hand.exit_code == 2);
  BOOST_TEST(by_hand.err.find("it is not meant to be run by hand") != std::string::npos,
             by_hand.err);
}

BOOST_AUTO_TEST_SUITE_END()
