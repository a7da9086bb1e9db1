// Items per second through the plugin ABI, beside a baseline that does the same work
// in-process. Both sides format the same items (item_source.hpp) and hand each to
// the same sink, which copies and parses it (item_sink.hpp). The ABI side loads the
// bench plugin with Boost.DLL as connector-host does and walks list_resources page
// by page; every item crosses through conn_call.emit. The baseline calls the sink
// directly. The difference is the cost of crossing the ABI.
//
// Then the same plugin through connector-host's runtime (runtime_side.hpp), in-process
// and in a connector-worker process side by side: the difference is what running a
// plugin in its own process costs per item.
//
//   bench_abi [--items N] [--page-size N] [--repetitions N] [--plugin PATH]
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <connector/abi.h>
#include <boost/dll/shared_library.hpp>
#include <boost/program_options.hpp>

#include "item_sink.hpp"
#include "item_source.hpp"
#include "runtime_side.hpp"
#include "support/host_calls.hpp"

namespace {

namespace po = boost::program_options;

// CPU time of this thread, not wall time: the machine is shared, and time spent
// running other processes must not count against either side.
double thread_cpu_seconds() {
  timespec now{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

struct Options {
  std::uint64_t items = 1'000'000;
  std::uint32_t page_size = 1000;
  int repetitions = 15;
  std::string plugin = BENCH_ITEMS_PLUGIN;  // the path CMake built it at
};

struct Run {
  double seconds;       // CPU time of this thread
  double wall_seconds;  // for reference only: depends on what else the machine runs
  std::uint64_t checksum;
};

// The baseline: format each item and hand it to the sink, with direct calls.
Run run_baseline(const Options& options, bench_abi::ItemSink& sink) {
  sink.clear();
  std::string item;
  const double start = thread_cpu_seconds();
  const auto wall_start = std::chrono::steady_clock::now();
  for (std::uint64_t n = 0; n < options.items; ++n) sink.accept(bench_abi::format_item(n, item));
  const double elapsed = thread_cpu_seconds() - start;
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - wall_start;
  if (sink.count() != options.items) throw std::runtime_error("the baseline lost items");
  return {elapsed, wall.count(), sink.checksum()};
}

// Through the ABI: page after page of list_resources, as the host's list loop does.
Run run_through_abi(const Options& options, const conn_plugin& plugin, conn_instance* instance,
                    bench_abi::ItemSink& sink) {
  sink.clear();
  // The host side: emit hands the item to the sink, next_page keeps the token.
  test_support::RecordingCall call([&sink](std::string_view item) {
    sink.accept(item);
    return true;
  });
  std::string token;
  const double start = thread_cpu_seconds();
  const auto wall_start = std::chrono::steady_clock::now();
  do {
    call.next_page.reset();
    conn_list_request request{};  // members appended by later minors stay empty
    request.struct_size = sizeof(request);
    request.resource_type = {"user", 4};
    request.page_token = {token.data(), token.size()};
    request.page_size = options.page_size;
    if (plugin.list_resources(instance, call.get(), &request) != CONN_OK) {
      throw std::runtime_error("list_resources failed: " + call.fail_message);
    }
    token = call.next_page.value_or("");
  } while (!token.empty());
  const double elapsed = thread_cpu_seconds() - start;
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - wall_start;
  if (sink.count() != options.items) throw std::runtime_error("items were lost through the ABI");
  return {elapsed, wall.count(), sink.checksum()};
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

std::optional<Options> parse_options(int argc, char** argv) {
  Options options;
  po::options_description description(
      "bench_abi: items per second through the plugin ABI vs in-process");
  description.add_options()("help,h", "show this help")(
      "items", po::value(&options.items)->default_value(options.items), "items per run")(
      "page-size", po::value(&options.page_size)->default_value(options.page_size),
      "items per list call")("repetitions",
                             po::value(&options.repetitions)->default_value(options.repetitions),
                             "runs of each side (interleaved; the median is reported)")(
      "plugin", po::value(&options.plugin)->default_value(options.plugin),
      "the bench plugin library");
  po::variables_map vm;
  po::store(po::parse_command_line(argc, argv, description), vm);
  po::notify(vm);
  if (vm.count("help") != 0) {
    std::cout << description << "\n";
    return std::nullopt;
  }
  if (options.items == 0 || options.page_size == 0 || options.repetitions < 1) {
    throw std::invalid_argument("--items, --page-size and --repetitions must be positive");
  }
  return options;
}

// connector-host's runtime, in-process and in a worker, interleaved as above. CPU
// time counts the worker's too: isolation moves the plugin's share of the work into
// another process, and the comparison must see all of it.
void run_runtime_sides(const Options& options) {
  ::setenv("CONNECTOR_WORKER", BENCH_WORKER, 0);  // the one CMake built, unless told
  bench_abi::RuntimeSide in_process(options.plugin, options.items, false);
  bench_abi::RuntimeSide worker(options.plugin, options.items, true);
  in_process.run(options.page_size);  // warm-up
  worker.run(options.page_size);

  std::printf("\nthrough connector-host's runtime (parsing each item into a JSON object):\n");
  std::printf("%-5s %20s %20s %10s\n", "run", "in-process items/s", "worker items/s", "worker");
  std::vector<double> in_rates, worker_rates, in_wall_rates, worker_wall_rates;
  for (int r = 1; r <= options.repetitions; ++r) {
    const bench_abi::RuntimeRun a = in_process.run(options.page_size);
    const bench_abi::RuntimeRun b = worker.run(options.page_size);
    if (a.checksum != b.checksum) throw std::runtime_error("the two runtimes saw different items");
    const auto items = static_cast<double>(options.items);
    in_rates.push_back(items / a.cpu_seconds);
    worker_rates.push_back(items / b.cpu_seconds);
    in_wall_rates.push_back(items / a.wall_seconds);
    worker_wall_rates.push_back(items / b.wall_seconds);
    std::printf("%-5d %20.0f %20.0f %9.1f%%\n", r, in_rates.back(), worker_rates.back(),
                (b.cpu_seconds / a.cpu_seconds - 1) * 100);
  }
  const double in_median = median(in_rates);
  const double worker_median = median(worker_rates);
  std::printf("%-6s %19.0f %20.0f %9.1f%%\n", "median", in_median, worker_median,
              (in_median / worker_median - 1) * 100);
  std::printf(
      "(items per CPU-second of the benchmark thread plus the worker process; wall-clock "
      "medians: in-process %.0f, worker %.0f items/s, worker %+.1f%%)\n",
      median(in_wall_rates), median(worker_wall_rates),
      (median(in_wall_rates) / median(worker_wall_rates) - 1) * 100);
}

}  // namespace

int main(int argc, char** argv) try {
  const std::optional<Options> parsed = parse_options(argc, argv);
  if (!parsed) return 0;
  const Options& options = *parsed;

  const boost::dll::shared_library library(
      options.plugin, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  const conn_plugin* plugin = library.get<const conn_plugin*(uint32_t, uint32_t)>(
      CONN_PLUGIN_ENTRY_SYMBOL)(CONN_ABI_MAJOR, CONN_ABI_MINOR);
  if (plugin == nullptr) throw std::runtime_error("the bench plugin refused this ABI version");

  const std::string config = "{\"items\":" + std::to_string(options.items) + "}";
  test_support::RecordingCall create_call;
  conn_instance* instance =
      plugin->create(nullptr, {config.data(), config.size()}, create_call.get());
  if (instance == nullptr) throw std::runtime_error("create failed: " + create_call.fail_message);

  std::printf("ABI crossing benchmark: %llu items per run, pages of %u, %d repetitions\n",
              static_cast<unsigned long long>(options.items), options.page_size,
              options.repetitions);
  std::printf("%-5s %20s %20s %10s\n", "run", "baseline items/s", "through ABI items/s",
              "overhead");

  bench_abi::ItemSink sink;
  run_baseline(options, sink);  // warm-up: page in code, grow buffers
  run_through_abi(options, *plugin, instance, sink);

  std::vector<double> baseline_rates, abi_rates, baseline_wall_rates, abi_wall_rates;
  for (int r = 1; r <= options.repetitions; ++r) {
    // Interleaved, so that noise from other processes falls on both sides alike.
    const Run baseline = run_baseline(options, sink);
    const Run abi = run_through_abi(options, *plugin, instance, sink);
    if (baseline.checksum != abi.checksum)
      throw std::runtime_error("the two sides saw different items");
    baseline_rates.push_back(static_cast<double>(options.items) / baseline.seconds);
    abi_rates.push_back(static_cast<double>(options.items) / abi.seconds);
    baseline_wall_rates.push_back(static_cast<double>(options.items) / baseline.wall_seconds);
    abi_wall_rates.push_back(static_cast<double>(options.items) / abi.wall_seconds);
    std::printf("%-5d %20.0f %20.0f %9.1f%%\n", r, baseline_rates.back(), abi_rates.back(),
                (abi.seconds / baseline.seconds - 1) * 100);
  }
  plugin->destroy(instance);

  const double baseline_median = median(baseline_rates);
  const double abi_median = median(abi_rates);
  // Overhead: extra time per item when crossing, relative to the baseline's.
  const double overhead = (baseline_median / abi_median - 1) * 100;
  std::printf("%-6s %19.0f %20.0f %9.1f%%\n", "median", baseline_median, abi_median, overhead);
  std::printf(
      "(items per CPU-second of the benchmark thread; wall-clock medians on this machine now: "
      "baseline %.0f, through ABI %.0f items/s)\n",
      median(baseline_wall_rates), median(abi_wall_rates));
  std::printf("targets: overhead < 10%%: %s; > 1,000,000 items/s through the ABI: %s\n",
              overhead < 10 ? "met" : "MISSED", abi_median > 1e6 ? "met" : "MISSED");

  run_runtime_sides(options);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_abi: %s\n", e.what());
  return 1;
}
