#include "manifest/json_text.hpp"

#include <boost/json/error.hpp>
#include <boost/json/stream_parser.hpp>

#include <algorithm>

namespace connector::host::manifest {
namespace {

JsonSyntaxError error_at(std::string_view text, std::size_t offset,
                         const boost::system::error_code& ec) {
  offset = std::min(offset, text.size());
  // Never the text itself: a manifest may hold a secret written literally (or one a
  // user forgot to quote), the secret store holds nothing else. Line and column
  // find the spot in an editor.
  const std::string reason = ec == boost::json::error::syntax ? "unexpected text" : ec.message();
  const std::string_view before = text.substr(0, offset);
  const std::size_t line =
      1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t line_start = before.rfind('\n');
  const std::size_t column =
      line_start == std::string_view::npos ? offset + 1 : offset - line_start;
  return JsonSyntaxError(line, column, reason);
}

}  // namespace

boost::json::value parse_json_text(std::string_view text) {
  boost::json::stream_parser parser;
  boost::system::error_code ec;
  // write() stops at the first byte it cannot accept and says how many it consumed.
  const std::size_t consumed = parser.write(text.data(), text.size(), ec);
  if (ec) throw error_at(text, consumed, ec);
  parser.finish(ec);
  if (ec) throw error_at(text, text.size(), ec);
  return parser.release();
}

}  // namespace connector::host::manifest
