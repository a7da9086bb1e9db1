// The benchmark's third and fourth sides: the bench plugin as connector-host runs a
// connector, through its runtime (an instance, PageLoop, CallContext parsing each
// item), once in-process and once in a connector-worker process. The difference
// between the two is what isolation costs per item.
#ifndef CONNECTOR_BENCH_ABI_RUNTIME_SIDE_HPP
#define CONNECTOR_BENCH_ABI_RUNTIME_SIDE_HPP

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace bench_abi {

struct RuntimeRun {
  // CPU time of the benchmark thread, plus the worker process's when there is one:
  // the work of a listing is split between the two processes.
  double cpu_seconds;
  double wall_seconds;
  std::uint64_t checksum;  // as ItemSink's: the sum of the ids' lengths
};

class RuntimeSide {
 public:
  // Opens the bench plugin at `plugin` as a connector of `items` items, in-process
  // or in a worker (connector-worker from $CONNECTOR_WORKER).
  RuntimeSide(const std::filesystem::path& plugin, std::uint64_t items, bool in_worker);
  ~RuntimeSide();
  RuntimeSide(const RuntimeSide&) = delete;
  RuntimeSide& operator=(const RuntimeSide&) = delete;

  // Lists every item, pages of `page_size`.
  RuntimeRun run(std::uint32_t page_size);

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
  std::uint64_t items_;
};

}  // namespace bench_abi

#endif  // CONNECTOR_BENCH_ABI_RUNTIME_SIDE_HPP
