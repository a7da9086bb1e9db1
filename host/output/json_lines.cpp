#include "output/json_lines.hpp"

#include "common/finite_json.hpp"

namespace connector::host::output {

JsonLinesPrinter::JsonLinesPrinter(const log::Redactor& redactor, std::ostream& out)
    : redactor_(redactor), out_(out) {}

void JsonLinesPrinter::print(const boost::json::object& item) {
  out_ << redactor_.redact(serialize_json(item)) << '\n';
}

void JsonLinesPrinter::finish() { out_.flush(); }

}  // namespace connector::host::output
