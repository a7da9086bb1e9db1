// The items both sides of the benchmark produce: small resources shaped like a
// connector's, {"id":"user:123","type":"user","display_name":"User 123"}. The bench
// plugin and the in-process baseline format them with this same code, so the only
// difference between the two runs is the ABI crossing.
#ifndef CONNECTOR_BENCH_ABI_ITEM_SOURCE_HPP
#define CONNECTOR_BENCH_ABI_ITEM_SOURCE_HPP

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace bench_abi {

// Formats item `n` into `out` (reused across calls, so formatting allocates only
// while `out` grows) and returns it.
inline std::string_view format_item(std::uint64_t n, std::string& out) {
  char digits[20];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  const std::string_view number(digits, static_cast<std::size_t>(end - digits));
  out.clear();
  out.append(R"({"id":"user:)").append(number);
  out.append(R"(","type":"user","display_name":"User )").append(number);
  out.append(R"("})");
  return out;
}

}  // namespace bench_abi

#endif  // CONNECTOR_BENCH_ABI_ITEM_SOURCE_HPP
