#include "manifest/placeholders.hpp"

#include <algorithm>

namespace connector::host::manifest {
namespace {

namespace json = boost::json;

constexpr std::string_view kOpening = "<fill in";
constexpr std::size_t kMaxHintBytes = 80;

// The first sentence: up to ". " or the end, without a final '.'.
std::string_view first_sentence(std::string_view text) {
  const std::size_t end = text.find(". ");
  if (end != std::string_view::npos) text = text.substr(0, end);
  while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.remove_suffix(1);
  return text;
}

// At most `bytes` bytes, never splitting a UTF-8 sequence; "..." marks a cut.
std::string shortened(std::string_view text, std::size_t bytes) {
  if (text.size() <= bytes) return std::string(text);
  std::size_t end = bytes - 3;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "...";
}

void collect(const json::value& value, const std::string& path, std::vector<std::string>& out) {
  switch (value.kind()) {
    case json::kind::string:
      if (is_placeholder(value.as_string())) out.push_back(path);
      break;
    case json::kind::object:
      for (const auto& [key, member] : value.as_object()) {
        collect(member, path.empty() ? std::string(key) : path + "." + std::string(key), out);
      }
      break;
    case json::kind::array: {
      const auto& array = value.as_array();
      for (std::size_t i = 0; i < array.size(); ++i) {
        collect(array[i], path + "[" + std::to_string(i) + "]", out);
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace

std::string make_placeholder(std::string_view hint) {
  std::string text = shortened(first_sentence(hint), kMaxHintBytes);
  std::replace_if(
      text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  return std::string(kOpening) + (text.empty() ? "" : ": " + text) + ">";
}

bool is_placeholder(std::string_view text) {
  return text.size() > kOpening.size() && text.substr(0, kOpening.size()) == kOpening &&
         text.back() == '>';
}

std::vector<std::string> placeholder_fields(const json::value& value, const std::string& path) {
  std::vector<std::string> fields;
  collect(value, path, fields);
  return fields;
}

}  // namespace connector::host::manifest
