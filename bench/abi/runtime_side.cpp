#include "runtime_side.hpp"

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <time.h>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <stdexcept>

#include "isolation/open_instance.hpp"
#include "isolation/worker_instance.hpp"
#include "loader/plugin_library.hpp"
#include "runtime/page_loop.hpp"

namespace bench_abi {
namespace {

namespace host = connector::host;

double cpu_seconds(clockid_t clock) {
  timespec now{};
  if (::clock_gettime(clock, &now) != 0) throw std::runtime_error("clock_gettime failed");
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

}  // namespace

// What an instance borrows from the host, kept for its lifetime.
struct RuntimeSide::Parts {
  explicit Parts(const std::filesystem::path& state_dir) : secrets(state_dir) {}
  host::runtime::SecretStore secrets;
  host::log::Redactor redactor;
  std::shared_ptr<spdlog::logger> logger =
      std::make_shared<spdlog::logger>("bench", std::make_shared<spdlog::sinks::null_sink_mt>());
  std::unique_ptr<host::runtime::Instance> instance;
  std::optional<clockid_t> worker_clock;
};

RuntimeSide::RuntimeSide(const std::filesystem::path& plugin, std::uint64_t items, bool in_worker)
    // The bench plugin stores no secrets: a state directory that is never made will do.
    : parts_(std::make_unique<Parts>("/nonexistent/bench-abi-state")), items_(items) {
  host::manifest::ConnectorConfig connector;
  connector.manifest.id = in_worker ? "bench-worker" : "bench-in-process";
  connector.manifest.plugin = "bench-items";
  connector.manifest.isolation =
      in_worker ? host::manifest::Isolation::process : host::manifest::Isolation::in_process;
  connector.plugin = host::loader::PluginLibrary::load(plugin);
  connector.config = {{"items", items}};
  parts_->instance = host::isolation::open_instance(
      connector, {parts_->logger, &parts_->secrets, &parts_->redactor});
  if (const auto* worker =
          dynamic_cast<const host::isolation::WorkerInstance*>(parts_->instance.get())) {
    clockid_t clock{};
    if (::clock_getcpuclockid(worker->worker_pid(), &clock) != 0)
      throw std::runtime_error("cannot read the worker's CPU clock");
    parts_->worker_clock = clock;
  }
}

RuntimeSide::~RuntimeSide() = default;

RuntimeRun RuntimeSide::run(std::uint32_t page_size) {
  std::uint64_t count = 0;
  std::uint64_t checksum = 0;
  host::runtime::ListQuery query;
  query.resource_type = "user";
  query.page_size = page_size;
  const auto worker_cpu = [&] {
    return parts_->worker_clock ? cpu_seconds(*parts_->worker_clock) : 0.0;
  };
  const double start = cpu_seconds(CLOCK_THREAD_CPUTIME_ID) + worker_cpu();
  const auto wall_start = std::chrono::steady_clock::now();
  host::runtime::PageLoop(*parts_->instance, host::runtime::ListOperation::resources, query)
      .run([&](boost::json::object&& item) {
        checksum += item.at("id").as_string().size();
        ++count;
      });
  const double elapsed = cpu_seconds(CLOCK_THREAD_CPUTIME_ID) + worker_cpu() - start;
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - wall_start;
  if (count != items_) throw std::runtime_error("the runtime lost items");
  return {elapsed, wall.count(), checksum};
}

}  // namespace bench_abi
