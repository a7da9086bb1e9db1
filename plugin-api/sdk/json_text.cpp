#include <connector/sdk/json_text.hpp>

#include <boost/json/serialize.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>

namespace connector::sdk {

namespace {

// Whether a byte must be escaped inside a JSON string: a quote, a backslash or a
// control character. Everything else, UTF-8 included, is copied as it is.
constexpr bool needs_escape(char c) noexcept {
  return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
}

// Whether any of the eight bytes of `word` needs an escape ("haszero" and "hasless"
// of Bit Twiddling Hacks: exact for whether some byte matches, not for which).
constexpr bool any_needs_escape(std::uint64_t word) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101U;
  constexpr std::uint64_t kHighs = 0x8080808080808080U;
  const auto has_zero_byte = [](std::uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  return (has_zero_byte(word ^ (kOnes * '"')) | has_zero_byte(word ^ (kOnes * '\\')) |
          ((word - kOnes * 0x20) & ~word & kHighs)) != 0;
}

}  // namespace

void append_json_string_body(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  // Names and ids rarely hold a character to escape: plain runs are found eight bytes
  // at a time and appended whole (a sync writes hundreds of thousands of them).
  std::size_t plain_from = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    if (text.size() - at >= sizeof(std::uint64_t)) {
      std::uint64_t word = 0;
      std::memcpy(&word, text.data() + at, sizeof word);
      if (!any_needs_escape(word)) {
        at += sizeof word;
        continue;
      }
    }
    const char c = text[at++];
    if (!needs_escape(c)) continue;
    out.append(text.data() + plain_from, at - 1 - plain_from);
    plain_from = at;
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += "\\u00";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  out.append(text.data() + plain_from, text.size() - plain_from);
}

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  append_json_string_body(out, text);
  out += '"';
}

namespace {

template <typename Integer>
void append_integer(std::string& out, Integer number) {
  std::array<char, 24> digits{};  // 20 digits of a uint64, or a sign and 19
  const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), number).ptr;
  out.append(digits.data(), end);
}

}  // namespace

void append_json_value(std::string& out, const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::string:
      append_json_string(out, value.get_string());
      return;
    case boost::json::kind::bool_:
      out += value.get_bool() ? "true" : "false";
      return;
    case boost::json::kind::int64:
      append_integer(out, value.get_int64());
      return;
    case boost::json::kind::uint64:
      append_integer(out, value.get_uint64());
      return;
    case boost::json::kind::double_:
      // Boost.JSON 1.81 reads a number beyond a double's range as an infinity (1e400)
      // or NaN (0e999), and would write those back as `Infinity` or `NaN`, which are
      // not JSON: the item would be refused whole. JSON has no such number: null.
      if (!std::isfinite(value.get_double())) {
        out += "null";
      } else {
        out += boost::json::serialize(value);
      }
      return;
    case boost::json::kind::null:
      out += "null";
      return;
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const boost::json::value& element : value.get_array()) {
        if (!std::exchange(first, false)) out += ',';
        append_json_value(out, element);
      }
      out += ']';
      return;
    }
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const boost::json::key_value_pair& member : value.get_object()) {
        if (!std::exchange(first, false)) out += ',';
        append_json_string(out, member.key());
        out += ':';
        append_json_value(out, member.value());
      }
      out += '}';
      return;
    }
  }
}

}  // namespace connector::sdk
