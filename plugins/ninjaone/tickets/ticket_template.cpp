#include "tickets/ticket_template.hpp"

#include <algorithm>
#include <iterator>

namespace ninjaone::tickets {
namespace {

bool is_placeholder(std::string_view name) {
  return std::find(std::begin(kPlaceholders), std::end(kPlaceholders), name) !=
         std::end(kPlaceholders);
}

// Walks `text`, handing literal runs and placeholder names to the callbacks; returns
// the offending piece when the text is malformed.
template <class OnText, class OnName>
std::optional<std::string> walk(std::string_view text, OnText on_text, OnName on_name) {
  std::size_t at = 0;
  while (at < text.size()) {
    const char c = text[at];
    if ((c == '{' || c == '}') && at + 1 < text.size() && text[at + 1] == c) {
      on_text(std::string_view(&text[at], 1));
      at += 2;
    } else if (c == '{') {
      const std::size_t close = text.find('}', at + 1);
      if (close == std::string_view::npos) return std::string(text.substr(at));
      const std::string_view name = text.substr(at + 1, close - at - 1);
      if (!is_placeholder(name)) return "{" + std::string(name) + "}";
      on_name(name);
      at = close + 1;
    } else {
      const std::size_t next = text.find_first_of("{}", at + 1);
      const std::size_t end = next == std::string_view::npos ? text.size() : next;
      on_text(text.substr(at, end - at));
      at = end;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> find_bad_placeholder(std::string_view text) {
  return walk(
      text, [](std::string_view) {}, [](std::string_view) {});
}

std::string render_template(std::string_view text,
                            const std::map<std::string, std::string>& values) {
  std::string out;
  const auto bad = walk(
      text, [&](std::string_view literal) { out += literal; },
      [&](std::string_view name) {
        if (const auto it = values.find(std::string(name)); it != values.end()) out += it->second;
      });
  // An unchecked template keeps its malformed tail as written rather than losing it.
  if (bad) out += *bad;
  return out;
}

std::string truncate_with_ellipsis(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  static constexpr std::string_view ellipsis = "\xE2\x80\xA6";  // U+2026
  // Too little room for the ellipsis itself: the text is cut without one.
  const std::string_view mark = max_bytes < ellipsis.size() ? std::string_view{} : ellipsis;
  std::size_t cut = max_bytes - mark.size();
  // Back off continuation bytes (10xxxxxx) so the cut lands on a code point's start.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + std::string(mark);
}

}  // namespace ninjaone::tickets
