// Sync benchmark: `connector-host sync` of the NinjaOne plugin against a large
// simulated tenant (default 100,000 users, 2,000 roles x 100 members, 20,000
// organizations; ninjaone-sim over plain HTTP on loopback), printed side by side in
// one run with:
//   - the floor: curl replaying the sync's own GETs over one keep-alive connection;
//   - the Python in-memory peer (../shared/bench/python_peer.py with /usr/bin/python3
//     and Debian's python3-requests; skipped, with the reason, when absent);
//   - the first sync (empty store) and an unchanged re-sync;
// then a sync after 1% of the grants changed, `diff` of those two runs and
// `grants --from-store --as-of` the first run. Medians of --rounds runs, CPU time
// (user + system) beside wall time, peak RSS of each process. With the plugin in its
// worker process (--isolation process, the default), the CPU time is host + worker and
// the peak RSS the larger of the two (wait4 reports the largest of a process and the
// children it reaped); --isolation in-process measures one process, as before issue 15.
//
//   build/release/bench/store/sync_bench [--users N] [--roles N] [--members-per-role N]
//       [--organizations N] [--rounds N] [--python-peer PATH] [--host PATH]
//       [--plugin-dir DIR] [--sim PATH] [--isolation process|in-process]
//
// --help lists the options with their defaults; a bad one is named on one line (exit 2).
#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "curl_floor.hpp"
#include "measured_process.hpp"
#include "support/child_process.hpp"
#include "support/simulator.hpp"
#include "support/temp_dir.hpp"
#include "tenant_shape.hpp"

namespace json = boost::json;
namespace po = boost::program_options;
namespace fs = std::filesystem;
using store_bench::Measured;
using store_bench::run_measured;

namespace {

constexpr const char* kClientId = "bench-client";
constexpr const char* kClientSecret = "bench-secret-not-real";
constexpr const char* kScope = "monitoring management control";
constexpr const char* kConnector = "bench";

struct Options {
  ninjaone_bench::TenantShape shape;
  int rounds = 3;
  std::string python_peer = SYNC_BENCH_PYTHON_PEER;
  std::string host = SYNC_BENCH_HOST;
  std::string plugin_dir = SYNC_BENCH_PLUGIN_DIR;
  std::string sim = SYNC_BENCH_SIM;
  std::string isolation = "process";
};

// The median of each figure over the rounds (wall, CPU), and the largest peak RSS.
struct Figures {
  std::vector<double> wall, cpu, rss;
  void add(const Measured& m) {
    wall.push_back(m.wall_seconds);
    cpu.push_back(m.cpu_seconds);
    rss.push_back(m.peak_rss_mib);
  }
  static double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
  }
  double wall_median() const { return median(wall); }
  double cpu_median() const { return median(cpu); }
  double rss_max() const { return rss.empty() ? 0 : *std::max_element(rss.begin(), rss.end()); }
};

class Bench {
 public:
  Bench(const Options& options, const test_support::Simulator& sim) : options_(options), sim_(sim) {
    fs::create_directories(manifests());
    const json::object manifest{{"id", kConnector},
                                {"plugin", "ninjaone"},
                                {"enabled", true},
                                {"isolation", options.isolation},
                                {"config",
                                 {{"base_url", sim.base_url()},
                                  {"client_id", {{"env", "BENCH_CLIENT_ID"}}},
                                  {"client_secret", {{"env", "BENCH_CLIENT_SECRET"}}},
                                  {"allow_insecure_http", true},
                                  {"requests_per_minute", 0}}}};
    std::ofstream(manifests() / "bench.json") << json::serialize(manifest);
  }

  fs::path manifests() const { return dir_.path() / "manifests"; }
  fs::path state(const std::string& name) const { return dir_.path() / name; }

  // connector-host ARGS... with the bench's directories and credentials.
  Measured host(const fs::path& state, const std::vector<std::string>& args,
                bool keep_stdout = false) const {
    std::vector<std::string> argv{options_.host,
                                  "--plugins",
                                  options_.plugin_dir,
                                  "--manifests",
                                  manifests().string(),
                                  "--state",
                                  state.string(),
                                  "-o",
                                  "json"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto errors = (dir_.path() / "host.err").string();
    Measured measured =
        run_measured(argv, {{"BENCH_CLIENT_ID", kClientId}, {"BENCH_CLIENT_SECRET", kClientSecret}},
                     keep_stdout, errors);
    if (measured.exit_code != 0) {
      std::stringstream text;
      text << std::ifstream(errors).rdbuf();
      throw std::runtime_error("connector-host " + args.front() + " exited " +
                               std::to_string(measured.exit_code) + ": " + text.str());
    }
    return measured;
  }

  Measured sync(const fs::path& state) const { return host(state, {"sync", kConnector}, true); }

 private:
  const Options& options_;
  const test_support::Simulator& sim_;
  test_support::TempDir dir_;
};

std::int64_t run_id_of(const Measured& sync) {
  return json::parse(sync.out).at("run_id").to_number<std::int64_t>();
}

std::string access_token(const std::string& base_url) {
  const auto token = test_support::run(
      {"curl", "-sS", "--fail", "--data-urlencode", "grant_type=client_credentials",
       "--data-urlencode", std::string("client_id=") + kClientId, "--data-urlencode",
       std::string("client_secret=") + kClientSecret, "--data-urlencode",
       std::string("scope=") + kScope, base_url + "/ws/oauth/token"});
  if (token.exit_code != 0) throw std::runtime_error("curl could not get a token");
  return std::string(json::parse(token.out).at("access_token").as_string());
}

// Removes `share` of the role memberships through the API (PATCH remove-members on
// as few roles as that takes); returns how many were removed.
std::size_t remove_memberships(const test_support::Simulator& sim, double share) {
  const json::object state = sim.state();
  const auto& roles = state.at("roles").as_array();
  std::size_t total = 0;
  for (const auto& role : roles) total += role.at("members").as_array().size();
  const auto wanted = static_cast<std::size_t>(static_cast<double>(total) * share);
  const std::string token = access_token(sim.base_url());
  std::size_t removed = 0;
  for (const auto& role : roles) {
    if (removed >= wanted) break;
    const auto& members = role.at("members").as_array();
    const std::size_t take = std::min<std::size_t>(members.size() / 2, wanted - removed);
    if (take == 0) continue;
    json::array ids;
    for (std::size_t i = 0; i < take; ++i) ids.push_back(members[i].at("id"));
    const auto patch = test_support::run(
        {"curl", "-sS", "--fail", "-X", "PATCH", "-H", "Authorization: Bearer " + token, "-H",
         "Content-Type: application/json", "-d", json::serialize(ids),
         sim.base_url() + "/v2/user/role/" +
             std::to_string(role.at("id").to_number<std::int64_t>()) + "/remove-members"});
    if (patch.exit_code != 0) throw std::runtime_error("PATCH remove-members failed: " + patch.err);
    removed += take;
  }
  return removed;
}

void print_row(const char* what, const Figures& figures, double floor) {
  std::printf("%-34s %8.3f s %8.3f s %9.1f MiB", what, figures.wall_median(), figures.cpu_median(),
              figures.rss_max());
  if (floor > 0) std::printf("   %5.2fx floor", figures.wall_median() / floor);
  std::printf("\n");
}

void verdict(const char* target, bool met, const std::string& figures) {
  std::printf("  [%s] %s (%s)\n", met ? "met" : "MISSED", target, figures.c_str());
}

std::string format(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

int run(const Options& options) {
  std::printf(
      "sync benchmark: %s; ninjaone-sim over plain HTTP on loopback; isolation %s; medians of "
      "%d rounds\n",
      ninjaone_bench::describe(options.shape).c_str(), options.isolation.c_str(), options.rounds);
  std::vector<std::string> sim_args = ninjaone_bench::simulator_arguments(options.shape);
  sim_args.insert(sim_args.end(),
                  {"--client-id", kClientId, "--client-secret", kClientSecret, "--threads", "2"});
  test_support::Simulator sim(std::move(sim_args), {.tls = false, .request_log = true});
  Bench bench(options, sim);

  // A first sync warms the simulator up (it caches rendered answers) and shows which
  // requests a sync makes: the floor replays exactly those.
  const Measured warm = bench.sync(bench.state("warm"));
  const json::object warm_run = json::parse(warm.out).as_object();
  ninjaone_bench::FloorRequest floor_request{sim.base_url(), "",     kClientId,
                                             kClientSecret,  kScope, {}};
  for (const json::value& r : sim.requests()) {
    const std::string path(r.at("path").as_string());
    if (path.starts_with("/_sim") || path == "/ws/oauth/token") continue;
    const std::string query(r.at("query").as_string());
    floor_request.targets.push_back(query.empty() ? path : path + "?" + query);
  }
  std::printf("one sync: %zu GETs; %lld resources, %lld entitlements, %lld grants\n",
              floor_request.targets.size(),
              static_cast<long long>(warm_run.at("resources").to_number<std::int64_t>()),
              static_cast<long long>(warm_run.at("entitlements").to_number<std::int64_t>()),
              static_cast<long long>(warm_run.at("grants").to_number<std::int64_t>()));

  const bool peer_present = fs::exists(options.python_peer) && fs::exists("/usr/bin/python3");
  Figures floor, peer, first, unchanged;
  for (int round = 0; round < options.rounds; ++round) {
    const auto curl = ninjaone_bench::curl_floor(floor_request);
    if (!curl.failure.empty()) throw std::runtime_error("the curl floor failed: " + curl.failure);
    floor.wall.push_back(curl.seconds);
    if (peer_present) {
      const Measured python = run_measured(
          {"/usr/bin/python3", options.python_peer, sim.base_url(), kClientId, kClientSecret}, {},
          true);
      if (python.exit_code != 0) throw std::runtime_error("the Python peer failed");
      peer.add(python);
    }
    const fs::path state = bench.state("round-" + std::to_string(round));
    first.add(bench.sync(state));
    unchanged.add(bench.sync(state));
  }

  // 1% of the grants change (role memberships removed through the API), one more
  // sync, then what reading the history costs.
  const fs::path state = bench.state("round-0");
  const std::int64_t before = run_id_of(bench.sync(state));
  const std::size_t removed = remove_memberships(sim, 0.01);
  Figures changed, diff, as_of;
  const Measured changed_sync = bench.sync(state);
  changed.add(changed_sync);
  const json::object changed_run = json::parse(changed_sync.out).as_object();
  std::size_t diff_lines = 0, as_of_lines = 0;
  for (int round = 0; round < options.rounds; ++round) {
    const Measured d = bench.host(state, {"diff", kConnector}, true);
    diff.add(d);
    diff_lines = static_cast<std::size_t>(std::count(d.out.begin(), d.out.end(), '\n'));
    const Measured g = bench.host(
        state, {"grants", kConnector, "--from-store", "--as-of", std::to_string(before)}, true);
    as_of.add(g);
    as_of_lines = static_cast<std::size_t>(std::count(g.out.begin(), g.out.end(), '\n'));
  }

  const double floor_s = floor.wall_median();
  std::printf("\n%-34s %10s %10s %13s\n", "", "wall", "CPU", "peak RSS");
  print_row("floor: curl, same GETs, keep-alive", floor, 0);
  if (peer_present) {
    print_row("Python in-memory peer", peer, floor_s);
  } else {
    std::printf("%-34s skipped: %s not found (--python-peer PATH)\n", "Python in-memory peer",
                options.python_peer.c_str());
  }
  print_row("sync, empty store", first, floor_s);
  print_row("sync, tenant unchanged", unchanged, floor_s);
  print_row("sync, 1% of grants changed", changed, floor_s);
  std::printf(
      "  (%zu memberships removed; the run counted %lld added, %lld changed, %lld removed)\n",
      removed, static_cast<long long>(changed_run.at("added").to_number<std::int64_t>()),
      static_cast<long long>(changed_run.at("changed").to_number<std::int64_t>()),
      static_cast<long long>(changed_run.at("removed").to_number<std::int64_t>()));
  print_row("diff of those two runs", diff, 0);
  std::printf("  (%zu lines)\n", diff_lines);
  print_row("grants --from-store --as-of", as_of, 0);
  std::printf("  (%zu grants)\n", as_of_lines);
  std::uintmax_t size = 0;
  for (const auto& entry : fs::directory_iterator(state)) {
    if (entry.is_regular_file() && entry.path().filename().string().starts_with("store.db")) {
      size += entry.file_size();
    }
  }
  std::printf("store on disk after %d syncs: %.1f MiB\n", 4, static_cast<double>(size) / 1048576.0);

  std::printf("\ntargets:\n");
  verdict("unchanged re-sync <= 3x the floor", unchanged.wall_median() <= 3 * floor_s,
          format("%.2fx", unchanged.wall_median() / floor_s));
  verdict("first sync <= 6x the floor", first.wall_median() <= 6 * floor_s,
          format("%.2fx", first.wall_median() / floor_s));
  if (peer_present) {
    verdict("unchanged re-sync >= 2x faster than the Python peer",
            peer.wall_median() >= 2 * unchanged.wall_median(),
            format("%.2fx", peer.wall_median() / unchanged.wall_median()));
  }
  const double rss = std::max({first.rss_max(), unchanged.rss_max(), changed.rss_max()});
  verdict("peak RSS <= 48 MiB for any sync", rss <= 48, format("%.1f MiB", rss));
  verdict("diff of two runs 1% apart < 0.2 s", diff.wall_median() < 0.2,
          format("%.3f s", diff.wall_median()));
  verdict("grants --from-store --as-of (all grants) < 1 s", as_of.wall_median() < 1.0,
          format("%.3f s", as_of.wall_median()));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  po::options_description described("sync_bench options");
  described.add_options()("help", "this help");
  ninjaone_bench::add_tenant_shape_options(described, options.shape);
  described.add_options()("rounds", po::value(&options.rounds)->default_value(options.rounds),
                          "rounds (medians are printed)")(
      "python-peer", po::value(&options.python_peer)->default_value(options.python_peer),
      "the Python in-memory peer; skipped when absent")(
      "host", po::value(&options.host)->default_value(options.host), "connector-host")(
      "plugin-dir", po::value(&options.plugin_dir)->default_value(options.plugin_dir),
      "the folder of libconn_ninjaone.so")(
      "sim", po::value(&options.sim)->default_value(options.sim), "ninjaone-sim")(
      "isolation", po::value(&options.isolation)->default_value(options.isolation),
      "the manifest's isolation: process (the plugin in its worker) or in-process");
  po::variables_map args;
  try {
    po::store(po::parse_command_line(argc, argv, described), args);
    if (args.count("help") != 0U) {
      std::cout << described;
      return 0;
    }
    po::notify(args);
    if (options.rounds < 1) throw po::error("--rounds must be at least 1");
    if (options.isolation != "process" && options.isolation != "in-process")
      throw po::error("--isolation must be process or in-process, not '" + options.isolation + "'");
  } catch (const po::error& error) {
    std::cerr << "sync_bench: " << error.what() << " (--help lists the options)\n";
    return 2;
  }
  try {
    setenv("NINJAONE_SIM", options.sim.c_str(), 1);
    return run(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sync_bench: %s\n", e.what());
    return 1;
  }
}
