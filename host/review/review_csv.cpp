#include "review/review_csv.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "common/csv.hpp"

namespace connector::host::review {
namespace {

std::string joined(const std::vector<std::string>& flags) {
  std::string text;
  for (const auto& flag : flags) text += (text.empty() ? "" : ";") + flag;
  return text;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

std::optional<std::string> optional_cell(std::string_view cell) {
  const std::string value(csv::strip_neutralisation(cell));
  if (trimmed(value).empty()) return std::nullopt;
  return value;
}

std::string header_text() {
  std::string text;
  for (const auto column : kReviewCsvColumns)
    text += (text.empty() ? "" : ",") + std::string(column);
  return text;
}

DecisionFileError at_line(std::size_t line, const std::string& why) {
  return DecisionFileError("line " + std::to_string(line) + ": " + why);
}

}  // namespace

void write_review_csv(std::ostream& out, const std::vector<store::ReviewItem>& items) {
  csv::Writer writer(out);
  for (const auto column : kReviewCsvColumns) writer.cell(column);
  writer.end_row();
  for (const store::ReviewItem& item : items) {
    writer.data(item.item)
        .data(item.entitlement)
        .data(item.entitlement_name.value_or(""))
        .data(item.principal)
        .data(item.principal_name.value_or(""))
        .data(item.email.value_or(""))
        .data(item.status.value_or(""))
        .cell(joined(item.flags))
        .cell(item.held_since ? store::to_iso8601_seconds(*item.held_since) : "");
    if (item.decision) {
      writer.cell(item.decision->decision)
          .data(item.decision->reason.value_or(""))
          .data(item.decision->reviewer.value_or(""));
    } else {
      writer.cell("").cell("").cell("");
    }
    writer.end_row();
  }
}

std::vector<FileDecision> read_decisions(std::string_view text,
                                         const std::vector<store::ReviewItem>& items) {
  std::vector<csv::Row> rows;
  try {
    rows = csv::parse(text);
  } catch (const csv::ParseError& e) {
    throw DecisionFileError(e.what());
  }
  if (rows.empty())
    throw DecisionFileError("line 1: empty file (expected the header " + header_text() + ")");
  const csv::Row& header = rows.front();
  const bool header_matches =
      header.cells.size() == kReviewCsvColumns.size() &&
      std::equal(
          header.cells.begin(), header.cells.end(), kReviewCsvColumns.begin(),
          [](const std::string& cell, std::string_view column) { return trimmed(cell) == column; });
  if (!header_matches) {
    throw at_line(header.line, "the header is not " + header_text() +
                                   " (export the review again to get the file to fill in)");
  }
  std::map<std::string, std::size_t, std::less<>> known;  // item -> line decided on (0: not yet)
  for (const auto& item : items) known.emplace(item.item, 0);

  constexpr std::size_t kItem = 0, kDecision = 9, kReason = 10, kReviewer = 11;
  std::vector<FileDecision> decisions;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const csv::Row& row = rows[r];
    if (row.cells.size() != kReviewCsvColumns.size()) {
      throw at_line(row.line, std::to_string(row.cells.size()) + " cells where the header has " +
                                  std::to_string(kReviewCsvColumns.size()));
    }
    const std::string item(csv::strip_neutralisation(trimmed(row.cells[kItem])));
    const auto found = known.find(item);
    if (found == known.end()) {
      throw at_line(row.line, "item '" + item + "' is not in this review");
    }
    if (found->second != 0) {
      throw at_line(row.line,
                    "item '" + item + "' is already on line " + std::to_string(found->second));
    }
    found->second = row.line;
    const std::string decision = lower(trimmed(row.cells[kDecision]));
    if (decision.empty()) continue;  // undecided
    if (decision != "keep" && decision != "revoke") {
      throw at_line(row.line, "decision '" + trimmed(row.cells[kDecision]) +
                                  "' is not keep or revoke (leave it empty for undecided)");
    }
    decisions.push_back({row.line, item, decision, optional_cell(row.cells[kReason]),
                         optional_cell(row.cells[kReviewer])});
  }
  return decisions;
}

}  // namespace connector::host::review
