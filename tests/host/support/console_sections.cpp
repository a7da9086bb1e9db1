#include "support/console_sections.hpp"

#include <boost/test/unit_test.hpp>

#include "support/workspace.hpp"

namespace host_test {
namespace {

std::string trimmed(const std::string& text) {
  const std::size_t first = text.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

}  // namespace

ConsoleSections::ConsoleSections(const std::string& output) {
  const std::vector<std::string> all = lines(output);
  std::size_t i = 0;
  for (; i < all.size() && !all[i].empty(); ++i) {
    const std::size_t gap = all[i].find("  ");
    if (gap == std::string::npos) continue;
    values_[all[i].substr(0, gap)] = trimmed(all[i].substr(gap));
  }
  for (; i < all.size(); ++i) {
    if (all[i].empty()) continue;
    std::pair<std::string, std::vector<std::string>> section{all[i], {}};
    for (++i; i < all.size() && !all[i].empty(); ++i) section.second.push_back(all[i]);
    sections_.push_back(std::move(section));
  }
}

std::string ConsoleSections::value_of(const std::string& key) const {
  const auto it = values_.find(key);
  return it == values_.end() ? "" : it->second;
}

std::vector<std::string> ConsoleSections::lines_of(const std::string& title) const {
  for (const auto& [heading, body] : sections_) {
    if (heading.rfind(title, 0) == 0) return body;
  }
  BOOST_TEST_FAIL("no section '" << title << "'");
  return {};
}

std::vector<std::map<std::string, std::string>> ConsoleSections::table(
    const std::string& title) const {
  const std::vector<std::string> body = lines_of(title);
  BOOST_TEST_REQUIRE(!body.empty(), "section '" << title << "' is empty");
  // Column starts: where each header word begins after two or more spaces.
  const std::string& header = body.front();
  std::vector<std::pair<std::size_t, std::string>> columns;
  for (std::size_t start = 0; start < header.size();) {
    std::size_t end = header.find("  ", start);
    if (end == std::string::npos) end = header.size();
    columns.emplace_back(start, header.substr(start, end - start));
    start = header.find_first_not_of(' ', end);
    if (start == std::string::npos) break;
  }
  std::vector<std::map<std::string, std::string>> rows;
  for (std::size_t r = 1; r < body.size(); ++r) {
    const std::string& line = body[r];
    if (line.rfind("Also ", 0) == 0) continue;
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const std::size_t from = columns[c].first;
      const std::size_t to = c + 1 < columns.size() ? columns[c + 1].first : std::string::npos;
      row[columns[c].second] = from < line.size() ? trimmed(line.substr(from, to - from)) : "";
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace host_test
