// NinjaOne plugin benchmark: a full listing of a large simulated tenant (default
// 100,000 users, 2,000 roles, 20,000 organizations, 200,000 role memberships) from
// the simulator over HTTPS, through the plugin's C ABI, beside the floor measured in
// the same run: curl fetching the same token and pages over one keep-alive connection.
// Once per --latencies value (default 0 and 20 ms added by the simulator per request).
//
//   build/release/bench/ninjaone/ninjaone_bench [--users N] [--roles N]
//       [--organizations N] [--members-per-role N] [--latencies 0,20]
//       [--plugin PATH] [--sim PATH] [--tls-dir DIR]
//
// --help lists the options with their defaults; a bad one is named on one line (exit 2).
//
// A first listing warms the simulator up and gives the list of pages; then curl and
// the plugin alternate, best of two each. The listing runs in a child process so its peak RSS
// (getrusage ru_maxrss) is the plugin's own; the child's RSS before loading the plugin is printed
// as the baseline.
#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi_driver.hpp"
#include "curl_floor.hpp"
#include "support/simulator.hpp"
#include "tenant_shape.hpp"

namespace json = boost::json;
namespace po = boost::program_options;

namespace {

constexpr const char* kClientId = "bench-client";
constexpr const char* kClientSecret = "bench-secret-not-real";
constexpr const char* kScope = "monitoring management control";
constexpr int kOrganizationPageSize = 1000;  // the plugin's default page size

struct Options {
  ninjaone_bench::TenantShape shape;
  std::vector<int> latencies;  // --latencies (default 0,20)
  std::string plugin = NINJAONE_BENCH_PLUGIN;
  std::string sim = NINJAONE_BENCH_SIM;
  std::string tls_dir = NINJAONE_BENCH_TLS_DIR;
};

// --latencies: milliseconds separated by commas (eg: 0,20).
std::vector<int> parse_latencies(const std::string& text) {
  const po::error bad("--latencies takes milliseconds separated by commas (eg: 0,20), not '" +
                      text + "'");
  std::vector<int> latencies;
  std::istringstream list(text);
  for (std::string item; std::getline(list, item, ',');) {
    int ms = -1;
    const char* const end = item.data() + item.size();
    const auto [stop, error] = std::from_chars(item.data(), end, ms);
    if (error != std::errc() || stop != end || ms < 0) throw bad;
    latencies.push_back(ms);
  }
  if (latencies.empty()) throw bad;
  return latencies;
}

// The fewest requests a full listing can make: one token, ONE /v2/users (every user,
// both kinds), ONE /v2/user/roles (every role with its members), and every page of
// /v2/organizations once. The keyset paging ends only on an EMPTY page (a short page
// may be a server's cap on pageSize), so the pages are ceil(n / size) + 1.
std::size_t api_minimum(const Options& options) {
  const auto organization_pages =
      static_cast<std::size_t>((options.shape.organizations + kOrganizationPageSize - 1) /
                               kOrganizationPageSize) +
      1;
  return 1 + 1 + 1 + organization_pages;
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

long max_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Runs the listing in a child; its figures come back as one JSON line on a pipe.
json::object listing_in_child(const Options& options, const std::string& config) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    const long baseline = max_rss_kib();
    const double cpu_before = cpu_seconds();
    const auto figures = ninjaone_bench::full_sync(options.plugin, config);
    json::object items;
    for (const auto& [label, n] : figures.items) items[label] = n;
    json::object seconds_by_label;
    for (const auto& [label, t] : figures.seconds_by_label) seconds_by_label[label] = t;
    const std::string line =
        json::serialize(json::object{{"seconds", figures.seconds},
                                     {"items", items},
                                     {"seconds_by_label", seconds_by_label},
                                     {"item_bytes", figures.item_bytes},
                                     {"abi_pages", figures.abi_pages},
                                     {"client", figures.client_summary},
                                     {"failure", figures.failure},
                                     {"baseline_kib", baseline},
                                     {"cpu_seconds", cpu_seconds() - cpu_before},
                                     {"max_rss_kib", max_rss_kib()}});
    const ssize_t written = write(fds[1], line.data(), line.size());
    _exit(written == static_cast<ssize_t>(line.size()) ? 0 : 1);
  }
  close(fds[1]);
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) text.append(buffer, n);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (text.empty()) throw std::runtime_error("the listing child died");
  return json::parse(text).as_object();
}

void run(const Options& options, int latency_ms) {
  std::vector<std::string> sim_args = ninjaone_bench::simulator_arguments(options.shape);
  sim_args.insert(sim_args.end(), {"--latency-ms", std::to_string(latency_ms), "--client-id",
                                   kClientId, "--client-secret", kClientSecret, "--threads", "2"});
  test_support::Simulator sim(std::move(sim_args));
  const std::string config = json::serialize(json::object{{"base_url", sim.base_url()},
                                                          {"ca_file", options.tls_dir + "/ca.pem"},
                                                          {"client_id", kClientId},
                                                          {"client_secret", kClientSecret},
                                                          {"requests_per_minute", 0}});
  // A first listing warms the simulator (it caches rendered answers) and tells which
  // pages the plugin fetches; then the floor and the plugin alternate, best of
  // kRounds each, so both meet the same warm simulator and the same machine load.
  const json::object warm_up = listing_in_child(options, config);
  ninjaone_bench::FloorRequest floor_request{
      sim.base_url(), options.tls_dir + "/ca.pem", kClientId, kClientSecret, kScope, {}};
  std::size_t plugin_requests = 0;
  for (const json::value& r : sim.requests()) {
    const std::string path(r.at("path").as_string());
    if (path.starts_with("/_sim")) continue;
    ++plugin_requests;
    if (path == "/ws/oauth/token") continue;
    const std::string query(r.at("query").as_string());
    floor_request.targets.push_back(query.empty() ? path : path + "?" + query);
  }
  const std::size_t minimum = api_minimum(options);

  constexpr int kRounds = 2;
  json::object plugin = warm_up;
  ninjaone_bench::FloorFigures floor;
  for (int round = 0; round < kRounds; ++round) {
    const auto floor_round = ninjaone_bench::curl_floor(floor_request);
    if (round == 0 || floor_round.seconds < floor.seconds) floor = floor_round;
    const json::object plugin_round = listing_in_child(options, config);
    if (round == 0 || plugin_round.at("seconds").as_double() < plugin.at("seconds").as_double()) {
      plugin = plugin_round;
    }
  }

  const double seconds = plugin.at("seconds").as_double();
  std::printf("\n== latency %d ms: %s ==\n", latency_ms,
              ninjaone_bench::describe(options.shape).c_str());
  if (!plugin.at("failure").as_string().empty()) {
    std::printf("PLUGIN FAILED: %s\n", plugin.at("failure").as_string().c_str());
  }
  const std::string against_minimum =
      plugin_requests == minimum ? "the API minimum"
                                 : std::to_string(static_cast<long long>(plugin_requests) -
                                                  static_cast<long long>(minimum)) +
                                       " more than the API minimum " + std::to_string(minimum);
  std::printf("plugin (ABI full sync, best of %d): %.3f s wall, %zu requests (%s), %s\n", kRounds,
              seconds, plugin_requests, against_minimum.c_str(),
              plugin.at("client").as_string().c_str());
  std::printf("  items:");
  for (const auto& [label, n] : plugin.at("items").as_object()) {
    std::printf(" %s=%lld", std::string(label).c_str(),
                static_cast<long long>(n.to_number<std::int64_t>()));
  }
  std::printf(" (%lld ABI pages, %.1f MiB of item JSON)\n",
              static_cast<long long>(plugin.at("abi_pages").to_number<std::int64_t>()),
              plugin.at("item_bytes").to_number<double>() / 1048576.0);
  std::printf("  wall per operation:");
  for (const auto& [label, t] : plugin.at("seconds_by_label").as_object()) {
    std::printf(" %s=%.3fs", std::string(label).c_str(), t.as_double());
  }
  std::printf("\n");
  std::printf("  CPU %.3f s (user + system, loading the plugin included)\n",
              plugin.at("cpu_seconds").as_double());
  std::printf("  peak RSS %.1f MiB (child baseline before loading the plugin %.1f MiB)\n",
              plugin.at("max_rss_kib").to_number<double>() / 1024.0,
              plugin.at("baseline_kib").to_number<double>() / 1024.0);
  if (!floor.failure.empty()) {
    std::printf("floor FAILED: %s\n", floor.failure.c_str());
    return;
  }
  std::printf(
      "floor (curl, one keep-alive connection, best of %d): %.3f s wall, %zu requests, %llu bytes, "
      "%llu connection(s) for the pages\n",
      kRounds, floor.seconds, floor.requests, static_cast<unsigned long long>(floor.bytes),
      static_cast<unsigned long long>(floor.connects));
  std::printf("plugin / floor = %.2fx (target <= 1.5x)\n", seconds / floor.seconds);
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  std::string latencies = "0,20";
  po::options_description described("ninjaone_bench options");
  described.add_options()("help", "this help");
  ninjaone_bench::add_tenant_shape_options(described, options.shape);
  described.add_options()(
      "latencies", po::value(&latencies)->default_value(latencies),
      "milliseconds the simulator adds to each request, separated by commas: one run each")(
      "plugin", po::value(&options.plugin)->default_value(options.plugin), "libconn_ninjaone.so")(
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
    options.latencies = parse_latencies(latencies);
  } catch (const po::error& error) {
    std::cerr << "ninjaone_bench: " << error.what() << " (--help lists the options)\n";
    return 2;
  }
  try {
    setenv("NINJAONE_SIM", options.sim.c_str(), 1);
    setenv("TEST_TLS_DIR", options.tls_dir.c_str(), 1);
    for (const int latency : options.latencies) run(options, latency);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ninjaone_bench: %s\n", e.what());
    return 1;
  }
}
