#include "sync/terminal_progress.hpp"

#include <unistd.h>

namespace connector::host::service {
namespace {

constexpr auto redraw_interval = std::chrono::milliseconds(200);

}  // namespace

TerminalProgress::TerminalProgress(std::FILE* out)
    : out_(out), enabled_(out != nullptr && ::isatty(::fileno(out)) == 1) {}

TerminalProgress::~TerminalProgress() { finish(); }

void TerminalProgress::update(const SyncProgress& progress) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < redraw_interval) return;
  last_draw_ = now;
  const double seconds = std::chrono::duration<double>(progress.elapsed).count();
  const auto& counts = progress.received;
  const double rate = seconds > 0 ? static_cast<double>(counts.total()) / seconds : 0;
  // "\r" back to the line's start, "\033[K" clears what a longer line left.
  std::fprintf(
      out_, "\r\033[K%.*s: %.*s - %lld resources, %lld entitlements, %lld grants (%.0f items/s)",
      static_cast<int>(progress.connector.size()), progress.connector.data(),
      static_cast<int>(progress.phase.size()), progress.phase.data(),
      static_cast<long long>(counts.resources), static_cast<long long>(counts.entitlements),
      static_cast<long long>(counts.grants), rate);
  std::fflush(out_);
  drawn_ = true;
}

void TerminalProgress::finish() {
  if (!drawn_) return;
  std::fputs("\r\033[K", out_);
  std::fflush(out_);
  drawn_ = false;
}

SyncProgressCallback TerminalProgress::callback() {
  return [this](const SyncProgress& progress) { update(progress); };
}

}  // namespace connector::host::service
