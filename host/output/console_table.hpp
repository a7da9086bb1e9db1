// The console format: a table with a header row and columns padded to fit.
//
// Rows are buffered until finish() so that every column can be as wide as its widest
// cell, measured in terminal cells (display_width.hpp: CJK and emoji take two, combining
// marks none). Arrays show as comma-separated values, a missing member as "-".
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "output/printer.hpp"

namespace connector::host::output {

class ConsoleTablePrinter final : public Printer {
 public:
  ConsoleTablePrinter(std::vector<Column> columns, const log::Redactor& redactor,
                      std::ostream& out);
  void print(const boost::json::object& item) override;
  void finish() override;

 private:
  std::vector<Column> columns_;
  const log::Redactor& redactor_;
  std::ostream& out_;
  std::vector<std::vector<std::string>> rows_;
};

// The text of one cell: `key` (dotted) looked up in `item`.
std::string cell_text(const boost::json::object& item, const std::string& key);

}  // namespace connector::host::output
