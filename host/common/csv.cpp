#include "common/csv.hpp"

#include <string>

namespace connector::csv {
namespace {

bool is_formula_start(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

bool needs_guard(std::string_view text) {
  return !text.empty() && (is_formula_start(text.front()) || text.front() == '\'');
}

bool needs_quotes(std::string_view text) {
  return text.find_first_of(",\"\r\n") != std::string_view::npos;
}

// The length of the UTF-8 sequence at `text[at]`, 0 when it is not one (overlong
// forms, surrogates and code points past U+10FFFF included).
std::size_t utf8_sequence(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  if (byte(at + 1) < low || byte(at + 1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(at + i) < 0x80 || byte(at + i) > 0xBF) return 0;
  }
  return length;
}

// Checks the whole text once, so the parser below may work on bytes.
void require_utf8(std::string_view text, std::size_t first_line) {
  std::size_t line = first_line;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = utf8_sequence(text, at);
    if (length == 0) throw ParseError(line, "not UTF-8 text (save the file as CSV UTF-8)");
    if (text[at] == '\n' || (text[at] == '\r' && (at + 1 == text.size() || text[at + 1] != '\n')))
      ++line;
    at += length;
  }
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  std::vector<Row> rows() {
    std::vector<Row> rows;
    while (at_ < text_.size()) {
      if (at_line_end()) {  // a blank line
        skip_line_end();
        continue;
      }
      Row row;
      row.line = line_;
      for (;;) {
        row.cells.push_back(cell());
        if (at_ == text_.size()) break;
        if (text_[at_] == ',') {
          ++at_;
          continue;
        }
        skip_line_end();  // cell() stops only at a comma, a line end or the end
        break;
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

 private:
  bool at_line_end() const { return text_[at_] == '\n' || text_[at_] == '\r'; }

  void skip_line_end() {
    if (text_[at_] == '\r' && at_ + 1 < text_.size() && text_[at_ + 1] == '\n') ++at_;
    ++at_;
    ++line_;
  }

  std::string cell() {
    if (at_ < text_.size() && text_[at_] == '"') return quoted_cell();
    const std::size_t start = at_;
    while (at_ < text_.size() && text_[at_] != ',' && !at_line_end()) {
      if (text_[at_] == '"') {
        throw ParseError(line_,
                         "a quote inside a cell that does not start with one (a cell "
                         "holding quotes must be quoted, its quotes doubled)");
      }
      ++at_;
    }
    return std::string(text_.substr(start, at_ - start));
  }

  std::string quoted_cell() {
    const std::size_t opened_on = line_;
    ++at_;  // the opening quote
    std::string value;
    for (;;) {
      if (at_ == text_.size()) {
        throw ParseError(opened_on, "a quoted cell is not closed before the end of the file");
      }
      const char c = text_[at_++];
      if (c == '"') {
        if (at_ < text_.size() && text_[at_] == '"') {
          value += '"';
          ++at_;
          continue;
        }
        if (at_ < text_.size() && text_[at_] != ',' && !at_line_end()) {
          throw ParseError(line_, "text after the closing quote of a cell");
        }
        return value;
      }
      if (c == '\n' || (c == '\r' && (at_ == text_.size() || text_[at_] != '\n'))) ++line_;
      value += c;
    }
  }

  std::string_view text_;
  std::size_t at_ = 0;
  std::size_t line_ = 1;
};

}  // namespace

std::string neutralise(std::string_view text) {
  if (!needs_guard(text)) return std::string(text);
  return "'" + std::string(text);
}

std::string_view strip_neutralisation(std::string_view cell) {
  if (cell.size() >= 2 && cell.front() == '\'' && needs_guard(cell.substr(1)))
    return cell.substr(1);
  return cell;
}

Writer& Writer::cell(std::string_view text) {
  separate();
  if (!needs_quotes(text)) {
    out_ << text;
    return *this;
  }
  out_ << '"';
  for (const char c : text) {
    if (c == '"') out_ << '"';
    out_ << c;
  }
  out_ << '"';
  return *this;
}

Writer& Writer::data(std::string_view text) {
  if (!needs_guard(text)) return cell(text);
  return cell(neutralise(text));
}

void Writer::end_row() {
  out_ << "\r\n";
  row_started_ = false;
}

void Writer::separate() {
  if (row_started_) out_ << ',';
  row_started_ = true;
}

ParseError::ParseError(std::size_t line, const std::string& why)
    : std::runtime_error("line " + std::to_string(line) + ": " + why), line_(line) {}

std::vector<Row> parse(std::string_view text) {
  constexpr std::string_view bom = "\xEF\xBB\xBF";
  if (text.starts_with(bom)) text.remove_prefix(bom.size());
  require_utf8(text, 1);
  return Parser(text).rows();
}

}  // namespace connector::csv
