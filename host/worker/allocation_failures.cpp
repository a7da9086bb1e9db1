#include "worker/allocation_failures.hpp"

#include <atomic>
#include <new>

namespace connector::host::worker {
namespace {

std::atomic<std::uint64_t> failures{0};

void on_allocation_failure() {
  failures.fetch_add(1, std::memory_order_relaxed);
  // Nothing to free: the allocation fails and the plugin sees bad_alloc.
  throw std::bad_alloc();
}

}  // namespace

void count_allocation_failures() { std::set_new_handler(&on_allocation_failure); }

std::uint64_t allocation_failures() noexcept { return failures.load(std::memory_order_relaxed); }

}  // namespace connector::host::worker
