#include "output/display_width.hpp"

#include <locale.h>
#include <wchar.h>

#include <optional>

namespace connector::host::output {
namespace {

constexpr long kNotUtf8 = -1;

// What a UTF-8 lead byte announces: the sequence's length, the bits it carries, and
// the smallest code point that needs that length (anything below is an overlong form).
struct LeadByte {
  std::size_t length;
  long bits;
  long minimum;
};

std::optional<LeadByte> lead_byte(unsigned char byte) {
  if (byte < 0x80) return LeadByte{1, byte, 0};
  if ((byte & 0xE0) == 0xC0) return LeadByte{2, byte & 0x1F, 0x80};
  if ((byte & 0xF0) == 0xE0) return LeadByte{3, byte & 0x0F, 0x800};
  if ((byte & 0xF8) == 0xF0) return LeadByte{4, byte & 0x07, 0x10000};
  return std::nullopt;  // a continuation byte, or no UTF-8 at all
}

// The code point starting at `at`, which moves past it; kNotUtf8 for a byte that
// does not start a valid sequence, and `at` then moves one byte on.
long next_code_point(std::string_view text, std::size_t& at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const auto lead = lead_byte(byte(at));
  if (!lead || at + lead->length > text.size()) {
    ++at;
    return kNotUtf8;
  }
  long code = lead->bits;
  for (std::size_t i = 1; i < lead->length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) {
      ++at;
      return kNotUtf8;
    }
    code = (code << 6) | (byte(at + i) & 0x3F);
  }
  // Overlong forms, UTF-16 surrogates and code points past Unicode are not UTF-8.
  if (code < lead->minimum || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
    ++at;
    return kNotUtf8;
  }
  at += lead->length;
  return code;
}

// C.UTF-8, made once and kept for the life of the process (freeing it at exit could
// race a thread still formatting); nullptr when the C library does not have it.
locale_t utf8_locale() {
  static const locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return locale;
}

// Installs `locale` for this thread while it lives.
class ThreadLocale {
 public:
  explicit ThreadLocale(locale_t locale) : previous_(uselocale(locale)) {}
  ~ThreadLocale() { uselocale(previous_); }
  ThreadLocale(const ThreadLocale&) = delete;
  ThreadLocale& operator=(const ThreadLocale&) = delete;

 private:
  locale_t previous_;
};

}  // namespace

std::size_t display_width(std::string_view text) {
  const locale_t locale = utf8_locale();
  if (locale == static_cast<locale_t>(0)) {
    std::size_t code_points = 0;
    for (std::size_t at = 0; at < text.size(); ++code_points) next_code_point(text, at);
    return code_points;
  }
  const ThreadLocale in_utf8(locale);
  std::size_t width = 0;
  for (std::size_t at = 0; at < text.size();) {
    const long code = next_code_point(text, at);
    const int cells = code == kNotUtf8 ? 1 : wcwidth(static_cast<wchar_t>(code));
    width += cells < 0 ? 1 : static_cast<std::size_t>(cells);
  }
  return width;
}

}  // namespace connector::host::output
