// How many terminal cells a UTF-8 string takes: CJK ideographs and emoji two, combining
// marks none, other printable characters one.
//
// The widths are the C library's wcwidth() under the C.UTF-8 locale (glibc's tables
// follow Unicode's East Asian Width and emoji presentation data), not a table of our
// own that would age. The process may run under LANG=C, where wcwidth knows nothing
// beyond ASCII, so the text is decoded here and wcwidth runs under a C.UTF-8 locale
// object installed for the calling thread only (newlocale + uselocale): setlocale
// would change the whole process while other threads log and format.
#pragma once

#include <cstddef>
#include <string_view>

namespace connector::host::output {

// Bytes that are not valid UTF-8 count one cell each, as terminals show one
// replacement character for each; so do characters wcwidth calls unprintable. Without
// a C.UTF-8 locale (not expected on glibc 2.35 and later, which builds it in) every
// character counts one cell. [thread-safe]
std::size_t display_width(std::string_view text);

}  // namespace connector::host::output
