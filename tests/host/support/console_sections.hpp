// Reads `describe`'s console output the way a person does: the "key  value" lines at
// the top, then sections that start with a title line ("Settings (...):") and hold a
// table or a sentence, up to the next empty line.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace host_test {

class ConsoleSections {
 public:
  explicit ConsoleSections(const std::string& output);

  // The value of a "key  value" line of the top block; "" when absent.
  std::string value_of(const std::string& key) const;

  // The lines of the section whose title starts with `title` (without the title
  // line). Fails the test when there is no such section.
  std::vector<std::string> lines_of(const std::string& title) const;

  // The section's table: one map per row, header to cell (trimmed). Cells are cut at
  // the header's column positions, which holds for the ASCII cells before the last
  // column. A line after the table that starts with "Also " is not a row.
  std::vector<std::map<std::string, std::string>> table(const std::string& title) const;

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::pair<std::string, std::vector<std::string>>> sections_;
};

}  // namespace host_test
