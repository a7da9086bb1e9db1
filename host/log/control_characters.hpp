// Text from outside (a manifest key, a plugin's message, an API's error) on its way to
// a terminal or a log file: control characters in it could end the line and forge
// the next one ("\n[error] ..."), or drive the terminal (ESC sequences: colours,
// cursor moves, a window title, OSC 52 writing the clipboard).
#pragma once

#include <string>
#include <string_view>

namespace connector::host::log {

// `text` with every control character written as a visible escape, so that it prints
// as one inert line: "\n", "\r", "\t"; other C0 controls and DEL as "\x1b" (hex);
// C1 controls (U+0080..U+009F) and the line and paragraph separators U+2028 and
// U+2029 as "\u009b"; a byte that is not part of valid UTF-8 as "\xff". Everything
// else, valid UTF-8 included, is kept as it is (a backslash too).
std::string escape_control_characters(std::string_view text);

}  // namespace connector::host::log
