#include "output/console_table.hpp"

#include <algorithm>

#include "common/finite_json.hpp"
#include "log/control_characters.hpp"
#include "output/display_width.hpp"

namespace connector::host::output {
namespace {

namespace json = boost::json;

std::string scalar_text(const json::value& value) {
  switch (value.kind()) {
    case json::kind::string:
      return std::string(value.as_string());
    case json::kind::null:
      return "-";
    case json::kind::array: {
      std::string text;
      for (const auto& element : value.as_array()) {
        if (!text.empty()) text += ",";
        text += scalar_text(element);
      }
      return text;
    }
    default:
      return serialize_json(value);
  }
}

}  // namespace

std::string cell_text(const json::object& item, const std::string& key) {
  const json::object* current = &item;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = key.find('.', start);
    const json::value* value = current->if_contains(key.substr(start, dot - start));
    if (value == nullptr) return "-";
    if (dot == std::string::npos) return scalar_text(*value);
    if (!value->is_object()) return "-";
    current = &value->as_object();
    start = dot + 1;
  }
}

ConsoleTablePrinter::ConsoleTablePrinter(std::vector<Column> columns, const log::Redactor& redactor,
                                         std::ostream& out)
    : columns_(std::move(columns)), redactor_(redactor), out_(out) {}

void ConsoleTablePrinter::print(const json::object& item) {
  std::vector<std::string> row;
  row.reserve(columns_.size());
  // Redacted first (the redactor knows secrets as they are, not escaped), then every
  // control character made visible: a cell is tenant or plugin text, which must not
  // break the row, move the cursor, recolour or retitle the terminal, or reorder the
  // line (log/control_characters.hpp).
  for (const Column& column : columns_) {
    row.push_back(log::escape_control_characters(redactor_.redact(cell_text(item, column.key))));
  }
  rows_.push_back(std::move(row));
}

void ConsoleTablePrinter::finish() {
  std::vector<std::size_t> widths;
  for (const Column& column : columns_) widths.push_back(display_width(column.header));
  for (const auto& row : rows_) {
    for (std::size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], display_width(row[i]));
  }
  const auto write_row = [&](const auto& cells, auto text_of) {
    std::string line;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      const std::string text = text_of(cells[i]);
      line += text;
      if (i + 1 < columns_.size()) line.append(widths[i] - display_width(text) + 2, ' ');
    }
    out_ << line << '\n';
  };
  write_row(columns_, [](const Column& column) { return column.header; });
  for (const auto& row : rows_) write_row(row, [](const std::string& cell) { return cell; });
  rows_.clear();
  out_.flush();
}

}  // namespace connector::host::output
