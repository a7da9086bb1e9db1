// Service mode with plugins that fail in every way a plugin can, each in its worker
// process, beside the NinjaOne connector against its simulator: for about 15 s the
// NinjaOne connector completes every scheduled sync while the crashing, hanging,
// throwing and leaking ones fail with their reasons and are retried; /metrics shows
// it; no worker is ever left a zombie; SIGTERM ends the service (exit 0) within the
// grace period with no process of its left behind.
#include <boost/test/unit_test.hpp>

#include <connector/store/store.hpp>
#include <connector/store/sync_runs.hpp>

#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <csignal>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "support/service_fixture.hpp"

namespace store = connector::store;
using namespace std::chrono_literals;
using service_tests::required_env;
using service_tests::ServiceFixture;

namespace {

constexpr const char* sim_secret = "iso-S3cret-sim-77d2";

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool sanitizer_build = true;
#else
constexpr bool sanitizer_build = false;
#endif

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// A process as /proc shows it: its parent, its state (R, S, Z...) and command line.
struct ProcessInfo {
  pid_t pid = 0;
  pid_t parent = 0;
  char state = '?';
  std::string command_line;  // arguments separated by NUL
};

std::vector<ProcessInfo> processes() {
  std::vector<ProcessInfo> all;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    ProcessInfo info;
    info.pid = std::stoi(name);
    // "pid (comm) S ppid ...": comm may hold spaces and parentheses; the last ')' ends it.
    const std::string stat = read_file(entry.path() / "stat");
    const auto end = stat.rfind(')');
    if (end == std::string::npos || end + 4 > stat.size()) continue;  // it went meanwhile
    std::istringstream rest(stat.substr(end + 2));
    rest >> info.state >> info.parent;
    info.command_line = read_file(entry.path() / "cmdline");
    all.push_back(std::move(info));
  }
  return all;
}

bool is_worker_of(const ProcessInfo& process, pid_t host) {
  return process.command_line.find(std::string("--parent") + '\0' + std::to_string(host) + '\0') !=
         std::string::npos;
}

std::vector<store::SyncRun> runs_of(const ServiceFixture& fixture, const std::string& connector) {
  store::Store db(fixture.state());
  return store::list_runs(db.db(), connector, 1000);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(isolation)

BOOST_AUTO_TEST_CASE(failing_plugins_in_workers_leave_the_service_and_the_ninjaone_connector_be) {
  // Orphans come to this process rather than to init: a worker the host failed to
  // reap or to take with it would show up here, and be reaped.
  BOOST_REQUIRE(::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
  ServiceFixture fixture;
  const std::filesystem::path tls = required_env("TEST_TLS_DIR");
  const auto sim_port_file = fixture.root() / "sim-port";
  service_tests::ChildProcess sim({required_env("NINJAONE_SIM"),
                                   "--listen",
                                   "127.0.0.1:0",
                                   "--port-file",
                                   sim_port_file.string(),
                                   "--tls-cert",
                                   (tls / "server.pem").string(),
                                   "--tls-key",
                                   (tls / "server.key").string(),
                                   "--client-secret",
                                   sim_secret,
                                   "--seed",
                                   "11",
                                   "--technicians",
                                   "4",
                                   "--end-users",
                                   "9",
                                   "--roles",
                                   "3",
                                   "--organizations",
                                   "3",
                                   "--members-per-role",
                                   "2"},
                                  {}, fixture.root() / "sim.stdout", fixture.root() / "sim.stderr");
  BOOST_REQUIRE(
      ServiceFixture::eventually([&] { return std::filesystem::exists(sim_port_file); }, 30s));
  const std::string port = std::to_string(std::stoi(read_file(sim_port_file)));

  // One plugin directory for all: the NinjaOne plugin and the test plugins, linked.
  const auto plugins = fixture.root() / "plugins";
  std::filesystem::create_directory(plugins);
  std::filesystem::create_symlink(
      std::filesystem::path(required_env("NINJAONE_PLUGIN_DIR")) / "libconn_ninjaone.so",
      plugins / "libconn_ninjaone.so");
  for (const char* name : {"crashing", "blocking", "throwing", "leaking"}) {
    const std::string file = std::string("libconn_") + name + ".so";
    std::filesystem::create_symlink(
        std::filesystem::path(required_env("CONNECTOR_TEST_PLUGIN_DIR")) / file, plugins / file);
  }
  fixture.use_plugins(plugins);

  std::string ninjaone = read_file(required_env("NINJAONE_MANIFEST_DIR") + "/ninjaone-demo.json");
  replace_all(ninjaone, "${SIM_URL}", "https://127.0.0.1:" + port);
  replace_all(ninjaone, "${SIM_CA}", (tls / "ca.pem").string());
  replace_all(ninjaone, R"("sync_every": "1h", "jitter": "5m")", R"("sync_every": "2s")");
  BOOST_REQUIRE(ninjaone.find(R"("sync_every": "2s")") != std::string::npos);
  fixture.write_manifest("ninjaone-demo.json", ninjaone);
  const std::string every = R"("schedule":{"sync_every":"2s"},)";
  fixture.write_manifest("crashing.json", R"({"id":"crashing","plugin":"crashing",)" + every +
                                              R"("config":{"crash_on_page":2,"user_count":6}})");
  fixture.write_manifest("hung.json", R"({"id":"hung","plugin":"blocking",)" + every +
                                          R"("limits":{"call_timeout":"1s"},)"
                                          R"("config":{"hang":true}})");
  fixture.write_manifest("throwing.json",
                         R"({"id":"throwing","plugin":"throwing",)" + every + R"("config":{}})");
  fixture.write_manifest("leaking.json", R"({"id":"leaking","plugin":"leaking",)" + every +
                                             R"("limits":{"memory":"64MiB"},)"
                                             R"("config":{"give_up_mib":256}})");
  fixture.start({"--max-concurrent-syncs", "5", "--grace-period", "5s"}, std::nullopt,
                {{"NINJAONE_CLIENT_ID", "sim-client"}, {"NINJAONE_CLIENT_SECRET", sim_secret}});
  const pid_t host = fixture.host().pid();

  // About 15 s of service, watching the host's children: workers come and go, and a
  // dead one is reaped at once, never left a zombie.
  const auto until = std::chrono::steady_clock::now() + 15s;
  // A zombie's command line is empty, and a child between fork and exec still has
  // the host's: only one that stays that way is something else.
  std::map<pid_t, std::chrono::steady_clock::time_point> zombies, strangers;  // first seen
  std::set<pid_t> workers_seen;
  std::size_t most_workers_at_once = 0;
  std::set<pid_t> lingering, not_workers;
  while (std::chrono::steady_clock::now() < until) {
    std::size_t live = 0;
    const auto now = std::chrono::steady_clock::now();
    for (const auto& process : processes()) {
      if (process.parent != host) continue;
      if (process.state == 'Z') {
        const auto [first, added] = zombies.emplace(process.pid, now);
        if (now - first->second > 2s) lingering.insert(process.pid);
        continue;
      }
      if (!is_worker_of(process, host)) {
        const auto [first, added] = strangers.emplace(process.pid, now);
        if (now - first->second > 2s) not_workers.insert(process.pid);
        continue;
      }
      workers_seen.insert(process.pid);
      ++live;
    }
    most_workers_at_once = std::max(most_workers_at_once, live);
    std::this_thread::sleep_for(100ms);
  }
  BOOST_TEST(lingering.empty(), "workers left zombies for more than 2 s: " << lingering.size());
  BOOST_TEST(not_workers.empty(), "children that are not workers: " << not_workers.size());
  BOOST_TEST(most_workers_at_once <= 5u);  // one per connector at most
  BOOST_TEST_MESSAGE(workers_seen.size()
                     << " workers seen, at most " << most_workers_at_once << " at once");

  // Metrics, read while the service still runs.
  const auto metric = [&](const std::string& name, const std::string& connector,
                          const std::string& outcome = "") {
    std::map<std::string, std::string> labels{{"connector", connector}};
    if (!outcome.empty()) labels["outcome"] = outcome;
    return fixture.metric(name, labels);
  };
  BOOST_TEST(metric("connector_syncs_total", "ninjaone-demo", "good") >= 3);
  for (const char* lost : {"crashing", "hung", "leaking"}) {
    if (std::string(lost) == "leaking" && sanitizer_build) continue;
    BOOST_TEST(metric("connector_syncs_total", lost, "crashed") >= 2, lost);
    BOOST_TEST(metric("connector_worker_restarts_total", lost) >= 1, lost);
  }
  BOOST_TEST(metric("connector_syncs_total", "throwing", "failed") >= 2);
  BOOST_TEST(metric("connector_syncs_total", "ninjaone-demo", "failed") == 0);
  BOOST_TEST(metric("connector_syncs_total", "ninjaone-demo", "crashed") == 0);

  // SIGTERM: exit 0 within the grace period, every worker ended and reaped.
  fixture.host().signal(SIGTERM);
  const auto code = fixture.host().wait_for(10s);
  BOOST_REQUIRE_MESSAGE(code.has_value(), "still running 10 s after SIGTERM");
  BOOST_TEST(*code == 0, fixture.host_stderr());
  std::vector<pid_t> left;
  for (const auto& process : processes()) {
    if (is_worker_of(process, host)) left.push_back(process.pid);
  }
  for (const pid_t pid : left) ::waitpid(pid, nullptr, WNOHANG);  // ours now: reap
  BOOST_TEST(left.empty(), left.size() << " workers outlived the service");
  ::prctl(PR_SET_CHILD_SUBREAPER, 0);

  // The store: every NinjaOne sync good; each failing connector failed more than once,
  // each time for its own reason, and never stored anything.
  const auto ninjaone_runs = runs_of(fixture, "ninjaone-demo");
  BOOST_TEST(ninjaone_runs.size() >= 3u);
  for (const auto& run : ninjaone_runs) {
    BOOST_TEST(
        (run.status == store::RunStatus::good || run.status == store::RunStatus::cancelled),
        "run " << run.id << ": " << store::to_string(run.status) << " " << run.error.value_or(""));
  }
  const std::map<std::string, std::string> reasons{
      {"crashing", "plugin 'crashing' crashed (SIGSEGV) in list_resources"},
      {"hung", "plugin 'blocking' stopped answering after 1 s in list_resource_types"},
      {"throwing", "plugin 'throwing': INTERNAL: internal error: unknown exception"},
      {"leaking",
       "plugin 'leaking' ran out of memory in list_resources: its worker reached limits.memory "
       "(64 MiB)"}};
  for (const auto& [connector, reason] : reasons) {
    if (connector == "leaking" && sanitizer_build) continue;
    std::size_t failed = 0;
    for (const auto& run : runs_of(fixture, connector)) {
      BOOST_TEST(store::to_string(run.status) != "good", connector);
      if (run.status != store::RunStatus::failed) continue;  // cancelled by the SIGTERM
      ++failed;
      BOOST_TEST(run.error.value_or("") == reason, connector);
    }
    BOOST_TEST(failed >= 2u, connector << " failed " << failed << " times");
  }
  BOOST_TEST(fixture.host_stderr().find(sim_secret) == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
