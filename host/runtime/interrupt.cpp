#include "runtime/interrupt.hpp"

#include <atomic>
#include <csignal>

namespace connector::host::runtime {
namespace {

std::atomic<int> received{0};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs a lock-free flag");

extern "C" void on_interrupt(int signal) {
  if (received.exchange(signal) != 0) {
    // Second signal: the plugin did not stop in time; die as the signal says.
    std::signal(signal, SIG_DFL);
    std::raise(signal);
  }
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = &on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int interrupt_signal() noexcept { return received.load(); }

void set_interrupt_signal(int signal) noexcept { received.store(signal); }

}  // namespace connector::host::runtime
