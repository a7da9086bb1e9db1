// CSV as spreadsheets and IGA flat-file imports read it (RFC 4180), with the one
// rule RFC 4180 lacks: a cell whose text comes from a tenant (a user's name, a role's
// description) is neutralised against formula injection, so that a spreadsheet never
// runs `=HYPERLINK(...)` typed into a NinjaOne profile (issue 20 item 5; OWASP "CSV
// injection").
//
// Used by the store's `export --format csv` and by access reviews (export, and the
// decisions a reviewer sends back). Debian's libcsv was considered and not taken: it
// reports neither the line nor the kind of a parse error, trims spaces and tabs
// unless told otherwise, and always quotes what it writes; the byte-order mark, the
// line numbers and the neutralisation would have been ours anyway.
#pragma once

#include <cstddef>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace connector::csv {

// `text` as a data cell: with a leading ' when it starts with = + - @, a tab or a
// carriage return (what spreadsheets take as a formula), or with ' itself (so that
// strip_neutralisation gives back exactly what was written).
std::string neutralise(std::string_view text);

// The inverse of neutralise, for cells read back: one leading ' is dropped when what
// follows it starts with a character neutralise guards (or with ').
std::string_view strip_neutralisation(std::string_view cell);

// Writes rows of cells: a cell is quoted when it holds a comma, a quote, CR or LF
// (quotes doubled); rows end with CRLF.
class Writer {
 public:
  explicit Writer(std::ostream& out) : out_(out) {}

  // A cell the host wrote itself (a header, a status, a time): written as is.
  Writer& cell(std::string_view text);
  // A cell whose text comes from the tenant or a person: neutralised first.
  Writer& data(std::string_view text);
  void end_row();

 private:
  void separate();

  std::ostream& out_;
  bool row_started_ = false;
};

// A malformed file. what() is "line N: why".
class ParseError : public std::runtime_error {
 public:
  ParseError(std::size_t line, const std::string& why);
  std::size_t line() const noexcept { return line_; }

 private:
  std::size_t line_;
};

struct Row {
  std::size_t line = 0;  // where the row starts (1-based); a quoted cell may span lines
  std::vector<std::string> cells;
};

// Parses RFC 4180 text: a UTF-8 byte-order mark first is skipped (spreadsheets write
// one); rows end with CRLF, LF or CR; blank lines are skipped; cells are returned as
// written (strip_neutralisation is the caller's choice). Throws ParseError for a quote
// inside an unquoted cell, text after a closing quote, a quoted cell never closed, or
// bytes that are not UTF-8.
std::vector<Row> parse(std::string_view text);

}  // namespace connector::csv
