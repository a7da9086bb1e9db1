// The fault matrix as a plain-text table, one row per cell, for the test output
// (and from there the issue note).
#ifndef FAULT_MATRIX_MATRIX_TABLE_HPP
#define FAULT_MATRIX_MATRIX_TABLE_HPP

#include <string>
#include <vector>

namespace fault_matrix {

struct Row {
  std::string fault;
  std::string sync;  // "identical" or "error: <first 60 characters of the message>"
  std::string requests;
  std::string retries;
  std::string grant;   // granted, already_granted or "error: ..."
  std::string revoke;  // revoked, already_revoked or "error: ..."
  std::string duplicates;
  std::string store;  // "intact" or what is wrong
};

// Columns padded to their widest cell, separated by " | ", under a header row.
std::string render_table(const std::vector<Row>& rows);

}  // namespace fault_matrix

#endif  // FAULT_MATRIX_MATRIX_TABLE_HPP
