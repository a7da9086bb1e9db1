// One-shot commands and the plugin's worker process: a crashing plugin is one line
// and exit 5 in a worker, and takes the host down in-process; `validate` and
// `plugins` say how plugins are kept apart (and that there is no sandbox on a kernel
// without Landlock); Ctrl-C and a killed host leave no worker behind; bad isolation
// settings are refused with the file and the field.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/environment.hpp"
#include "support/workspace.hpp"

using host_test::Workspace;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool sanitizer_build = true;
#else
constexpr bool sanitizer_build = false;
#endif

struct IsolationWorkspace : Workspace {
  // manifests/<id>.json on `plugin` with `config`, and "isolation" when given.
  void write_manifest(const std::string& id, const std::string& plugin, json::object config,
                      const std::string& isolation = "") {
    json::object manifest{{"id", id}, {"plugin", plugin}, {"config", std::move(config)}};
    if (!isolation.empty()) manifest["isolation"] = isolation;
    write_file("manifests/" + id + ".json", json::serialize(manifest));
  }
};

// The processes whose command line says they are workers of host `host`.
std::vector<pid_t> workers_of(pid_t host) {
  const std::string marker = std::string("--parent") + '\0' + std::to_string(host) + '\0';
  std::vector<pid_t> workers;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string command_line;
    try {
      std::ifstream in(entry.path() / "cmdline");
      command_line.assign(std::istreambuf_iterator<char>(in), {});
    } catch (const std::ios_base::failure&) {
      continue;  // the process ended while it was read (ESRCH): not a worker any more
    }
    if (command_line.find(marker) != std::string::npos) workers.push_back(std::stoi(name));
  }
  return workers;
}

// Polls `condition` every 20 ms for at most `limit`.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

std::string last_line(const std::string& text) {
  const auto lines = host_test::lines(text);
  return lines.empty() ? std::string() : lines.back();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(isolation)

BOOST_FIXTURE_TEST_CASE(a_crash_is_one_line_from_a_worker_and_ends_the_host_in_process,
                        IsolationWorkspace) {
  write_manifest("crashing", "crashing", {{"crash_on_page", 2}, {"user_count", 6}});
  write_manifest("crashing-inline", "crashing", {{"crash_on_page", 2}, {"user_count", 6}},
                 "in-process");

  const auto listed = run({"resources", "crashing", "--type", "user"});
  BOOST_TEST(listed.exit_code == 5);
  BOOST_TEST(
      last_line(listed.err) == "error: plugin 'crashing' crashed (SIGSEGV) in list_resources",
      listed.err);
  // The plugin's own last words still reach the host's log.
  BOOST_TEST(listed.err.find("crashing on page 2 as configured") != std::string::npos);

  const auto inline_listed = run({"resources", "crashing-inline", "--type", "user"});
  BOOST_TEST(inline_listed.signal == SIGSEGV);

  // A sync records the crash as its failure; the connector's previous good sync
  // stays, and the next sync (a new worker) works.
  write_manifest("crashing", "crashing", {{"crash_on_page", 0}, {"user_count", 6}});
  BOOST_TEST_REQUIRE(run({"sync", "crashing"}).exit_code == 0);
  write_manifest("crashing", "crashing", {{"crash_on_page", 2}, {"user_count", 6}});
  const auto crashed = run({"sync", "crashing", "-o", "json"});
  BOOST_TEST(crashed.exit_code == 5);
  BOOST_TEST(last_line(crashed.err) ==
                 "error: sync of crashing failed: plugin 'crashing' crashed (SIGSEGV) in "
                 "list_resources",
             crashed.err);
  const auto run_line = host_test::json_lines(crashed.out);
  BOOST_REQUIRE_EQUAL(run_line.size(), 1u);
  BOOST_TEST(run_line[0].at("status").as_string() == "failed");
  BOOST_TEST(run_line[0].at("error").as_string() ==
             "plugin 'crashing' crashed (SIGSEGV) in list_resources");
  const auto exported = run({"export", "crashing", "--format", "jsonl"});
  BOOST_TEST(exported.exit_code == 0, exported.err);
  BOOST_TEST(host_test::lines(exported.out).size() >= 6u);  // the good sync's six users

  // In-process the same sync takes the host with it: no error line, no run ended.
  write_manifest("crashing-inline", "crashing", {{"crash_on_page", 2}, {"user_count", 6}},
                 "in-process");
  BOOST_TEST(run({"sync", "crashing-inline"}).signal == SIGSEGV);
}

BOOST_FIXTURE_TEST_CASE(an_exit_is_one_line_with_its_status, IsolationWorkspace) {
  write_manifest("exiting", "crashing",
                 {{"crash_on_page", 1}, {"user_count", 6}, {"exit_status", 3}});
  const auto result = run({"resources", "exiting", "--type", "user"});
  BOOST_TEST(result.exit_code == 5);
  BOOST_TEST(last_line(result.err) ==
             "error: plugin 'crashing' exited with status 3 in list_resources");
}

BOOST_FIXTURE_TEST_CASE(validate_and_plugins_say_how_plugins_are_kept_apart, IsolationWorkspace) {
  write_manifest("emitter", "emitter", {});
  write_manifest("emitter-inline", "emitter", {}, "in-process");
  const auto isolated = run({"validate", "emitter", "-o", "json"});
  BOOST_TEST_REQUIRE(isolated.exit_code == 0, isolated.err);
  const auto rows = host_test::json_lines(isolated.out);
  BOOST_REQUIRE_EQUAL(rows.size(), 1u);
  BOOST_TEST(rows[0].at("check").as_string() == "isolation");
  const std::string message(rows[0].at("message").as_string());
  BOOST_TEST(message.rfind("worker process ", 0) == 0u, message);
  BOOST_TEST((message.find("sandbox: Landlock ABI ") != std::string::npos ||
              message.find("sandbox: none: ") != std::string::npos),
             message);
  // A sanitizer build reserves terabytes of shadow memory, so its worker runs without a
  // memory limit (and says so).
  const std::string memory =
      sanitizer_build ? "memory unlimited (a sanitizer build)" : "memory 1 GiB";
  BOOST_TEST(message.find("limits: " + memory +
                          ", CPU 600 s, 1024 open files, no core dumps, "
                          "not dumpable, calls 10 min (limits.call_timeout)") != std::string::npos,
             message);

  const auto inline_rows =
      host_test::json_lines(run({"validate", "emitter-inline", "-o", "json"}).out);
  BOOST_REQUIRE_EQUAL(inline_rows.size(), 1u);
  BOOST_TEST(
      std::string(inline_rows[0].at("message").as_string()).rfind("in-process; sandbox: none", 0) ==
      0u);

  const auto plugins = run({"plugins", "-o", "json"});
  BOOST_TEST_REQUIRE(plugins.exit_code == 0, plugins.err);
  std::size_t loaded = 0;
  for (const auto& row : host_test::json_lines(plugins.out)) {
    if (row.at("status").as_string() != "loaded") continue;
    ++loaded;
    const std::string sandbox(row.at("sandbox").as_string());
    BOOST_TEST((sandbox.rfind("Landlock ABI ", 0) == 0u || sandbox.rfind("none: ", 0) == 0u),
               sandbox);
  }
  BOOST_TEST(loaded > 5u);
}

BOOST_FIXTURE_TEST_CASE(a_kernel_without_landlock_runs_workers_unsandboxed_and_says_so,
                        IsolationWorkspace) {
  // connector-host under without_landlock: Landlock's system calls answer ENOSYS, to
  // the host and to its workers, as on a kernel without it.
  const auto without_landlock = [&](const std::vector<std::string>& args) {
    std::vector<std::string> argv = command(args);
    argv.insert(argv.begin(), test_support::required_env("WITHOUT_LANDLOCK"));
    return test_support::run(
        argv, {.environment = host_environment({}), .working_directory = root()}, 30s);
  };
  const std::string none =
      "sandbox: none: the kernel has no Landlock (older than 5.13, or built without it); the "
      "plugin can read and write what the host's user can";
  write_manifest("emitter", "emitter", {});
  const auto validated = without_landlock({"validate", "emitter", "-o", "json"});
  BOOST_TEST_REQUIRE(validated.exit_code == 0, validated.err);
  const auto rows = host_test::json_lines(validated.out);
  BOOST_REQUIRE_EQUAL(rows.size(), 1u);
  const std::string message(rows[0].at("message").as_string());
  BOOST_TEST(message.rfind("worker process ", 0) == 0u, message);
  BOOST_TEST(message.find(none) != std::string::npos, message);

  const auto plugins = without_landlock({"plugins", "-o", "json"});
  BOOST_TEST_REQUIRE(plugins.exit_code == 0, plugins.err);
  for (const auto& row : host_test::json_lines(plugins.out)) {
    if (row.at("status").as_string() != "loaded") continue;
    BOOST_TEST(row.at("sandbox").as_string() ==
                   "none: the kernel has no Landlock (older than 5.13, or built without it)",
               row);
  }

  // And it is so: the worker writes where a sandboxed one is refused (the
  // sandbox_refuses_what_the_plugin_was_not_given unit test), still in a worker.
  write_manifest("probe", "sandbox-probe", {{"write", json::array{"written-by-plugin"}}});
  const auto probed = without_landlock({"validate", "probe", "-o", "json"});
  BOOST_TEST(probed.exit_code == 0, probed.err);
  const auto checks = host_test::json_lines(probed.out);
  BOOST_REQUIRE_EQUAL(checks.size(), 2u);
  BOOST_TEST(json::serialize(checks[0]) ==
             R"({"check":"write written-by-plugin","ok":true,"message":"succeeded"})");
  BOOST_TEST(std::string(checks[1].at("message").as_string()).find(none) != std::string::npos);
  BOOST_TEST(std::filesystem::exists(root() / "written-by-plugin"));
}

BOOST_FIXTURE_TEST_CASE(ctrl_c_ends_a_hung_plugin_and_leaves_no_worker, IsolationWorkspace) {
  write_manifest("hung", "blocking", {{"hang", true}});
  test_support::ChildProcess host(
      command({"resources", "hung", "--type", "user"}),
      {.environment = host_environment({}), .working_directory = root()});
  BOOST_REQUIRE(eventually([&] { return !workers_of(host.pid()).empty(); }, 10s));
  std::this_thread::sleep_for(200ms);  // into the call
  host.send_signal(SIGINT);
  const auto result = host.wait(15s);
  BOOST_REQUIRE(result.has_value());
  BOOST_TEST(result->exit_code == 130, result->err);
  BOOST_TEST(last_line(result->err) == "error: cancelled by SIGINT", result->err);
  BOOST_TEST(workers_of(host.pid()).empty());
}

BOOST_FIXTURE_TEST_CASE(a_worker_dies_with_a_host_that_is_killed, IsolationWorkspace) {
  write_manifest("hung", "blocking", {{"hang", true}});
  // Orphans come to this process instead of init, so that how the worker ended can
  // be read (and so that it is reaped).
  BOOST_REQUIRE(::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
  std::optional<int> worker_status;
  pid_t worker = 0;
  {
    test_support::ChildProcess host(
        command({"resources", "hung", "--type", "user"}),
        {.environment = host_environment({}), .working_directory = root()});
    BOOST_REQUIRE(eventually([&] { return !workers_of(host.pid()).empty(); }, 10s));
    worker = workers_of(host.pid()).front();
    host.send_signal(SIGKILL);
    BOOST_REQUIRE(host.wait(10s).has_value());
    // The worker, orphaned, is this process's child now. Its plugin is stuck, yet it
    // ended: by PR_SET_PDEATHSIG (SIGKILL), or by seeing its end of the socket close
    // (exit 0), whichever came first.
    int status = 0;
    if (eventually([&] { return ::waitpid(worker, &status, WNOHANG) == worker; }, 10s))
      worker_status = status;
  }
  ::prctl(PR_SET_CHILD_SUBREAPER, 0);
  BOOST_REQUIRE_MESSAGE(worker_status.has_value(), "worker " << worker << " outlived its host");
  const bool killed = WIFSIGNALED(*worker_status) && WTERMSIG(*worker_status) == SIGKILL;
  const bool left = WIFEXITED(*worker_status) && WEXITSTATUS(*worker_status) == 0;
  BOOST_TEST_MESSAGE("the worker " << (killed ? "was killed by its death signal" : "left"));
  BOOST_TEST((killed || left), "wait status " << *worker_status);
}

BOOST_FIXTURE_TEST_CASE(the_worker_is_found_beside_the_host_or_where_it_is_named,
                        IsolationWorkspace) {
  write_manifest("emitter", "emitter", {});
  // No CONNECTOR_WORKER: the one beside connector-host.
  BOOST_TEST(run({"resource-types", "emitter"}, {{"CONNECTOR_WORKER", ""}}).exit_code == 0);
  const auto missing = run({"resource-types", "emitter"}, {{"CONNECTOR_WORKER", "/nonexistent/w"}});
  BOOST_TEST(missing.exit_code == 4);
  BOOST_TEST(missing.err ==
             "error: CONNECTOR_WORKER names /nonexistent/w, which is not an executable file\n");
}

BOOST_FIXTURE_TEST_CASE(bad_isolation_settings_are_refused_with_file_and_field,
                        IsolationWorkspace) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"("isolation":"sandboxed")", R"(isolation: expected "process" or "in-process")"},
      {R"("limits":{"memory":"512M"})",
       "limits.memory: '512M' is not an amount of memory (a number and KiB, MiB, GiB or TiB, at "
       "most 1TiB, eg: 512MiB)"},
      {R"("limits":{"memory":"16MiB"})",
       "limits.memory: '16MiB' is less than the 32MiB a worker needs for itself"},
      {R"("limits":{"cpu_seconds":0})",
       "limits.cpu_seconds: expected a whole number from 1 to "
       "1000000000"},
      {R"("limits":{"open_files":8})",
       "limits.open_files: expected a whole number from 16 to "
       "1048576"},
      {R"("limits":{"call_timeout":"soon"})",
       "limits.call_timeout: 'soon' is not a duration (a number and s, m, h or d, eg: 30m)"},
      {R"("limits":{"threads":4})", "limits.threads: unknown field"},
  };
  for (const auto& [field, why] : cases) {
    write_file("manifests/bad.json",
               R"({"id":"bad","plugin":"emitter",)" + field + R"(,"config":{}})");
    const auto result = run({"validate", "bad"});
    BOOST_TEST(result.exit_code == 3, field);
    BOOST_TEST(last_line(result.err).find("bad.json: " + why) != std::string::npos,
               field << ": " << result.err);
  }
}

BOOST_AUTO_TEST_SUITE_END()
