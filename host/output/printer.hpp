// How command results reach stdout: a console table, or one JSON object per line.
//
// Commands hand every result item (a JSON object) to a Printer; diagnostics never go
// here (they go to the logger, on stderr). Every line is passed through the
// redactor, so a secret a plugin echoes back is still never printed.
#pragma once

#include <boost/json/object.hpp>

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "log/redactor.hpp"

namespace connector::host::output {

enum class Format { console, json };

// "console" or "json"; nullopt for anything else.
std::optional<Format> parse_format(std::string_view name);

// One console column: its header and the item member shown in it. A dotted key
// (eg: "operation.id") reaches into nested objects.
struct Column {
  std::string header;
  std::string key;
};

class Printer {
 public:
  virtual ~Printer() = default;
  virtual void print(const boost::json::object& item) = 0;
  // Writes what is buffered (the console table) and flushes. Call once, at the end.
  virtual void finish() = 0;
};

// `columns` are used by the console format only; JSON lines print whole items.
// `out` and `redactor` must outlive the printer.
std::unique_ptr<Printer> make_printer(Format format, std::vector<Column> columns,
                                      const log::Redactor& redactor, std::ostream& out);

}  // namespace connector::host::output
