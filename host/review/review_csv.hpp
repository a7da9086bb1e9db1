// A review as a CSV file a reviewer fills in a spreadsheet, and the decisions read
// back from it. Columns, in this order (kReviewCsvColumns):
//   item,entitlement,entitlement_name,principal,principal_name,email,status,flags,
//   held_since,decision,reason,reviewer
// `flags` are joined by ';'; `decision` is keep, revoke or empty (undecided). Cells from
// the tenant are neutralised against formula injection (common/csv.hpp); reading
// strips that back before matching items.
#pragma once

#include <array>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <connector/store/reviews.hpp>

namespace connector::host::review {

inline constexpr std::array<std::string_view, 12> kReviewCsvColumns{
    "item",   "entitlement", "entitlement_name", "principal", "principal_name", "email",
    "status", "flags",       "held_since",       "decision",  "reason",         "reviewer"};

// Writes the header and one row per item, with its current decision.
void write_review_csv(std::ostream& out, const std::vector<store::ReviewItem>& items);

// One decision a file asks for.
struct FileDecision {
  std::size_t line = 0;
  std::string item;
  std::string decision;  // keep or revoke
  std::optional<std::string> reason;
  std::optional<std::string> reviewer;
};

// What is wrong with a decisions file: what() is "line N: why" (or a header error).
class DecisionFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads every decided row of `text` (rows with an empty decision are skipped). Checks
// all of it first and throws DecisionFileError at the first problem: malformed CSV,
// a header other than kReviewCsvColumns, a row with another number of cells, an item
// not in `items`, an item decided twice, a decision other than keep/revoke (any case).
std::vector<FileDecision> read_decisions(std::string_view text,
                                         const std::vector<store::ReviewItem>& items);

}  // namespace connector::host::review
