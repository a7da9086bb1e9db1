#include <connector/sdk/call_wait.hpp>

#include <algorithm>
#include <thread>

namespace connector::sdk {

namespace {
// How often a waiting call looks at its cancellation flag.
constexpr std::chrono::milliseconds kSlice{50};
}  // namespace

bool wait_for(const connector::sdk::Call& call, std::chrono::milliseconds duration) {
  call.throw_if_cancelled();
  if (const auto remaining = call.remaining(); remaining && *remaining < duration) return false;
  const auto until = std::chrono::steady_clock::now() + duration;
  for (auto now = std::chrono::steady_clock::now(); now < until;
       now = std::chrono::steady_clock::now()) {
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(until - now, kSlice));
    call.throw_if_cancelled();
  }
  return true;
}

}  // namespace connector::sdk
