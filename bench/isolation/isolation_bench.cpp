// What running a plugin in its own process costs a real sync: `connector-host sync`
// of a large simulated NinjaOne tenant (default 100,000 users, 2,000 roles, 20,000
// organizations, 200,000 role memberships) over HTTPS into the store, once with the
// connector in a worker process ("isolation": "process") and once in-process, beside
// the floor: curl fetching the same token and pages over one keep-alive connection
// (bench/ninjaone's floor), with no parsing and no store. Interleaved, side by side
// in one run.
//
//   build/release/bench/isolation/isolation_bench [--users N] [--roles N]
//       [--organizations N] [--members-per-role N] [--runs N] [--host PATH]
//       [--plugins DIR] [--sim PATH] [--tls-dir DIR]
//
// --help lists the options with their defaults; a bad one is named on one line (exit 2).
//
// Each mode first syncs once unmeasured (the first snapshot, and a warm simulator;
// the simulator's request log of the first sync gives the floor its pages); then
// the floor, in-process and worker alternate (the two modes taking turns to go
// first), --runs times each (default 3), and the medians are printed. Wall time is
// the sync command's (curl's); CPU time is its user + system time with every process
// it waited for (getrusage RUSAGE_CHILDREN), so the worker's share is counted. The
// simulator's is not: it is reaped only at the end.
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include "curl_floor.hpp"
#include "support/child_process.hpp"
#include "support/simulator.hpp"
#include "support/temp_dir.hpp"
#include "tenant_shape.hpp"

namespace json = boost::json;
namespace po = boost::program_options;

namespace {

constexpr const char* kClientId = "bench-client";
constexpr const char* kClientSecret = "bench-secret-not-real";
constexpr const char* kScope = "monitoring management control";  // the plugin's default

struct Options {
  ninjaone_bench::TenantShape shape;
  int runs = 3;
  std::string host = ISOLATION_BENCH_HOST;
  std::string plugins = ISOLATION_BENCH_PLUGINS;
  std::string sim = ISOLATION_BENCH_SIM;
  std::string tls_dir = ISOLATION_BENCH_TLS_DIR;
};

double children_cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_CHILDREN, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct SyncFigures {
  double wall = 0;
  double cpu = 0;
  std::int64_t items = 0;  // resources + entitlements + grants
};

class Deployment {
 public:
  Deployment(const Options& options, const std::string& base_url) : options_(options) {
    for (const auto& [id, isolation] :
         {std::pair<std::string, std::string>{"worker", "process"}, {"inline", "in-process"}}) {
      const json::object manifest{{"id", id},
                                  {"plugin", "ninjaone"},
                                  {"isolation", isolation},
                                  {"config",
                                   {{"base_url", base_url},
                                    {"ca_file", options.tls_dir + "/ca.pem"},
                                    {"client_id", {{"env", "BENCH_CLIENT_ID"}}},
                                    {"client_secret", {{"env", "BENCH_CLIENT_SECRET"}}},
                                    {"requests_per_minute", 0}}}};
      dir_.write("manifests/" + id + ".json", json::serialize(manifest));
    }
  }

  SyncFigures sync(const std::string& id) const {
    const double cpu_before = children_cpu_seconds();
    const auto result = test_support::run(
        {options_.host, "--plugins", options_.plugins, "--manifests", (dir_ / "manifests").string(),
         "--state", (dir_ / "state").string(), "-o", "json", "sync", id},
        {.environment = {{"BENCH_CLIENT_ID", kClientId}, {"BENCH_CLIENT_SECRET", kClientSecret}}},
        std::chrono::minutes(30));
    if (result.exit_code != 0) throw std::runtime_error("sync " + id + " failed: " + result.err);
    const json::object run = json::parse(result.out).as_object();
    SyncFigures figures;
    figures.wall = std::chrono::duration<double>(result.elapsed).count();
    figures.cpu = children_cpu_seconds() - cpu_before;
    for (const char* kind : {"resources", "entitlements", "grants"})
      figures.items += run.at(kind).to_number<std::int64_t>();
    return figures;
  }

 private:
  const Options& options_;
  test_support::TempDir dir_;
};

// The floor's request: the token and every page the first sync fetched, in order.
ninjaone_bench::FloorRequest floor_request(const test_support::Simulator& sim,
                                           const Options& options) {
  ninjaone_bench::FloorRequest request{
      sim.base_url(), options.tls_dir + "/ca.pem", kClientId, kClientSecret, kScope, {}};
  for (const json::value& r : sim.requests()) {
    const std::string path(r.at("path").as_string());
    if (path.starts_with("/_sim") || path == "/ws/oauth/token") continue;
    const std::string query(r.at("query").as_string());
    request.targets.push_back(query.empty() ? path : path + "?" + query);
  }
  if (request.targets.empty()) throw std::runtime_error("the first sync fetched no pages");
  return request;
}

SyncFigures measure_floor(const ninjaone_bench::FloorRequest& request) {
  const double cpu_before = children_cpu_seconds();
  const ninjaone_bench::FloorFigures floor = ninjaone_bench::curl_floor(request);
  if (!floor.failure.empty()) throw std::runtime_error("floor: " + floor.failure);
  return {floor.seconds, children_cpu_seconds() - cpu_before, 0};
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

int measure(const Options& options) {
  std::printf("starting the simulator: %s\n", ninjaone_bench::describe(options.shape).c_str());
  std::fflush(stdout);
  ::setenv("NINJAONE_SIM", options.sim.c_str(), 0);
  ::setenv("TEST_TLS_DIR", options.tls_dir.c_str(), 0);
  std::vector<std::string> sim_args = ninjaone_bench::simulator_arguments(options.shape);
  sim_args.insert(sim_args.end(),
                  {"--client-id", kClientId, "--client-secret", kClientSecret, "--threads", "2"});
  test_support::Simulator sim(std::move(sim_args),
                              {.tls = true});  // with its request log: the floor's pages
  const Deployment deployment(options, sim.base_url());

  // The first snapshot of each connector, and a warm simulator. The request log then
  // holds exactly the first sync's requests: the floor's pages.
  const SyncFigures first_worker = deployment.sync("worker");
  const ninjaone_bench::FloorRequest floor = floor_request(sim, options);
  const SyncFigures first_inline = deployment.sync("inline");
  if (first_worker.items != first_inline.items)
    throw std::runtime_error("the two modes synced different item counts");
  std::printf(
      "full sync: %lld items (resources, entitlements, grants) from %zu requests; %d measured "
      "runs each, interleaved\n"
      "CPU: user + system of the command and every process it waited for (the worker, curl)\n\n",
      static_cast<long long>(first_worker.items), floor.targets.size() + 1, options.runs);
  std::printf("%-6s %9s %9s %11s %11s %9s %9s\n", "run", "floor", "floor", "in-process",
              "in-process", "worker", "worker");
  std::printf("%-6s %9s %9s %11s %11s %9s %9s\n", "", "wall s", "CPU s", "wall s", "CPU s",
              "wall s", "CPU s");

  std::vector<double> floor_wall, floor_cpu, inline_wall, inline_cpu, worker_wall, worker_cpu;
  for (int run = 1; run <= options.runs; ++run) {
    // The two modes take turns going first, so that neither always meets the
    // store, the simulator and the machine as the other left them.
    const SyncFigures bottom = measure_floor(floor);
    SyncFigures in, out;
    if (run % 2 == 1) {
      in = deployment.sync("inline");
      out = deployment.sync("worker");
    } else {
      out = deployment.sync("worker");
      in = deployment.sync("inline");
    }
    floor_wall.push_back(bottom.wall);
    floor_cpu.push_back(bottom.cpu);
    inline_wall.push_back(in.wall);
    inline_cpu.push_back(in.cpu);
    worker_wall.push_back(out.wall);
    worker_cpu.push_back(out.cpu);
    std::printf("%-6d %9.2f %9.2f %11.2f %11.2f %9.2f %9.2f\n", run, bottom.wall, bottom.cpu,
                in.wall, in.cpu, out.wall, out.cpu);
    std::fflush(stdout);
  }
  const double fw = median(floor_wall), fc = median(floor_cpu);
  const double iw = median(inline_wall), ic = median(inline_cpu);
  const double ww = median(worker_wall), wc = median(worker_cpu);
  std::printf("%-6s %9.2f %9.2f %11.2f %11.2f %9.2f %9.2f\n", "median", fw, fc, iw, ic, ww, wc);
  std::printf("\nagainst the floor (wall, CPU): in-process %.2fx, %.2fx; worker %.2fx, %.2fx\n",
              iw / fw, ic / fc, ww / fw, wc / fc);
  const double wall_ratio = ww / iw;
  const double cpu_ratio = wc / ic;
  std::printf("worker / in-process: wall %+.1f%%, CPU %+.1f%%\n", (wall_ratio - 1) * 100,
              (cpu_ratio - 1) * 100);
  std::printf("target: within 10%% of in-process (wall and CPU): %s\n",
              wall_ratio <= 1.10 && cpu_ratio <= 1.10 ? "met" : "MISSED");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  po::options_description described("isolation_bench options");
  described.add_options()("help,h", "this help");
  ninjaone_bench::add_tenant_shape_options(described, options.shape);
  described.add_options()("runs", po::value(&options.runs)->default_value(options.runs),
                          "measured runs of each (medians are printed)")(
      "host", po::value(&options.host)->default_value(options.host), "connector-host")(
      "plugins", po::value(&options.plugins)->default_value(options.plugins),
      "the folder of libconn_ninjaone.so")(
      "sim", po::value(&options.sim)->default_value(options.sim), "ninjaone-sim")(
      "tls-dir", po::value(&options.tls_dir)->default_value(options.tls_dir),
      "the folder of ca.pem, server.pem and server.key (the simulator's)");
  po::variables_map args;
  try {
    po::store(po::parse_command_line(argc, argv, described), args);
    if (args.count("help") != 0U) {
      std::cout << described;
      return 0;
    }
    po::notify(args);
    if (options.runs < 1) throw po::error("--runs must be at least 1");
    if (options.shape.users < 10) throw po::error("--users must be at least 10");
  } catch (const po::error& error) {
    std::cerr << "isolation_bench: " << error.what() << " (--help lists the options)\n";
    return 2;
  }
  try {
    return measure(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "isolation_bench: %s\n", e.what());
    return 1;
  }
}
