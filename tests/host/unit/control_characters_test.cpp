// Text from outside cannot forge a log line or drive a terminal: every control
// character becomes a visible escape, valid UTF-8 stays as it is.
#include "log/control_characters.hpp"

#include <boost/test/unit_test.hpp>

using connector::host::log::escape_control_characters;

BOOST_AUTO_TEST_SUITE(control_characters)

BOOST_AUTO_TEST_CASE(plain_text_and_utf8_are_kept) {
  BOOST_TEST(escape_control_characters("") == "");
  BOOST_TEST(escape_control_characters("synced 1200 items {a} \\ \"q\"") ==
             "synced 1200 items {a} \\ \"q\"");
  BOOST_TEST(escape_control_characters("Zoë → 東京 🙂") == "Zoë → 東京 🙂");
}

BOOST_AUTO_TEST_CASE(a_forged_line_stays_on_one_line) {
  BOOST_TEST(escape_control_characters("key\n[2026-01-01T00:00:00.000] [error] forged\r\n") ==
             "key\\n[2026-01-01T00:00:00.000] [error] forged\\r\\n");
  BOOST_TEST(escape_control_characters("a\tb") == "a\\tb");
}

BOOST_AUTO_TEST_CASE(terminal_sequences_are_made_inert) {
  // Colour, window title (OSC), clipboard write (OSC 52), BEL, NUL, DEL.
  BOOST_TEST(escape_control_characters("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m");
  BOOST_TEST(escape_control_characters("\x1b]0;owned\x07") == "\\x1b]0;owned\\x07");
  BOOST_TEST(escape_control_characters(std::string("a\0b\x7f", 4)) == "a\\x00b\\x7f");
  // C1 controls: CSI as UTF-8 (U+009B), NEL (U+0085), and a raw 8-bit CSI byte.
  BOOST_TEST(escape_control_characters("\xc2\x9b"
                                       "31m") == "\\u009b31m");
  BOOST_TEST(escape_control_characters("x\xc2\x85y") == "x\\u0085y");
  BOOST_TEST(escape_control_characters("\x9b"
                                       "31m") == "\\x9b31m");
  // Line and paragraph separators break lines in some viewers.
  BOOST_TEST(escape_control_characters("a\xe2\x80\xa8"
                                       "b") == "a\\u2028b");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_escaped_byte_by_byte) {
  BOOST_TEST(escape_control_characters("\xff\xfe") == "\\xff\\xfe");
  BOOST_TEST(escape_control_characters("\xc0\x8a") == "\\xc0\\x8a");           // overlong "\n"
  BOOST_TEST(escape_control_characters("\xed\xa0\x80") == "\\xed\\xa0\\x80");  // surrogate
  BOOST_TEST(escape_control_characters("ab\xe2\x82") == "ab\\xe2\\x82");       // cut short
}

BOOST_AUTO_TEST_SUITE_END()
