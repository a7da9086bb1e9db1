// Parsing JSON text with errors a person can find: line and column of the problem.
// An error never quotes the text: the files parsed here (manifests, the secret
// store) may hold secrets, and an error is printed and logged.
#pragma once

#include <boost/json/value.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace connector::host::manifest {

class JsonSyntaxError : public std::runtime_error {
 public:
  JsonSyntaxError(std::size_t line, std::size_t column, const std::string& reason)
      : std::runtime_error(std::to_string(line) + ":" + std::to_string(column) +
                           ": syntax error: " + reason),
        line_(line),
        column_(column) {}
  std::size_t line() const noexcept { return line_; }      // 1-based
  std::size_t column() const noexcept { return column_; }  // 1-based, in bytes

 private:
  std::size_t line_;
  std::size_t column_;
};

// Parses one JSON document. Throws JsonSyntaxError pointing at the first byte the
// parser could not accept (the end of the text when it is incomplete).
boost::json::value parse_json_text(std::string_view text);

}  // namespace connector::host::manifest
