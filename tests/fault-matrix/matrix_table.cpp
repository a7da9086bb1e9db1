#include "matrix_table.hpp"

#include <algorithm>
#include <array>

namespace fault_matrix {
namespace {

constexpr std::size_t kColumns = 8;
using Cells = std::array<std::string, kColumns>;

Cells cells_of(const Row& row) {
  return {row.fault, row.sync,   row.requests,   row.retries,
          row.grant, row.revoke, row.duplicates, row.store};
}

// Width in characters as a terminal shows them: UTF-8 continuation bytes take none.
std::size_t display_width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

std::string render_table(const std::vector<Row>& rows) {
  std::vector<Cells> lines{
      {"fault", "sync outcome", "requests", "retries", "grant", "revoke", "duplicates", "store"}};
  for (const auto& row : rows) lines.push_back(cells_of(row));
  std::array<std::size_t, kColumns> width{};
  for (const auto& line : lines) {
    for (std::size_t c = 0; c < kColumns; ++c)
      width[c] = std::max(width[c], display_width(line[c]));
  }
  std::string out;
  const auto append = [&](const Cells& line) {
    for (std::size_t c = 0; c < kColumns; ++c) {
      out +=
          (c == 0 ? "| " : " | ") + line[c] + std::string(width[c] - display_width(line[c]), ' ');
    }
    out += " |\n";
  };
  append(lines.front());
  Cells rule;
  for (std::size_t c = 0; c < kColumns; ++c) rule[c] = std::string(width[c], '-');
  append(rule);
  for (std::size_t i = 1; i < lines.size(); ++i) append(lines[i]);
  return out;
}

}  // namespace fault_matrix
