// What every fuzz target shares: FUZZ_CHECK, a property check that reports and aborts
// (libFuzzer and the replay driver both take an abort for a crash and keep the input),
// and FuzzInput, which reads fuzzer-chosen numbers and pieces off the front of an input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

// Checks a property the code under test promises; a broken one is a finding.
#define FUZZ_CHECK(condition, what)                                                    \
  do {                                                                                 \
    if (!(condition)) ::connector::fuzz::fail(__FILE__, __LINE__, #condition, (what)); \
  } while (false)

namespace connector::fuzz {

[[noreturn]] inline void fail(const char* file, int line, const char* condition,
                              std::string_view what) {
  std::fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed: %.*s\n", file, line, condition,
               static_cast<int>(what.size()), what.data());
  std::abort();
}

// The input as a stream: a few leading bytes choose options and sizes, the rest is data.
// Once the input is used up every number reads as 0 and every piece as empty, so any
// input, however short, is a valid one.
class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size)
      : rest_(reinterpret_cast<const char*>(data), size) {}

  // One byte as a number in [0, 255].
  std::uint8_t byte() {
    if (rest_.empty()) return 0;
    const auto value = static_cast<std::uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return value;
  }

  // Two bytes as a number in [0, 65535].
  std::uint16_t uint16() {
    const std::uint16_t high = byte();
    return static_cast<std::uint16_t>(high << 8 | byte());
  }

  // The next `size` bytes, or fewer when the input ends first.
  std::string_view take(std::size_t size) {
    const std::string_view piece = rest_.substr(0, size);
    rest_.remove_prefix(piece.size());
    return piece;
  }

  // Up to the next `separator` (dropped) or the end.
  std::string_view take_until(char separator) {
    const std::size_t end = rest_.find(separator);
    const std::string_view piece = rest_.substr(0, end);
    rest_.remove_prefix(end == std::string_view::npos ? rest_.size() : end + 1);
    return piece;
  }

  std::string_view rest() const noexcept { return rest_; }
  bool empty() const noexcept { return rest_.empty(); }

 private:
  std::string_view rest_;
};

}  // namespace connector::fuzz
