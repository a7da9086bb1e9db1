#include "output/json_lines.hpp"

#include <boost/json/serialize.hpp>

namespace connector::host::output {

JsonLinesPrinter::JsonLinesPrinter(const log::Redactor& redactor, std::ostream& out)
    : redactor_(redactor), out_(out) {}

void JsonLinesPrinter::print(const boost::json::object& item) {
  out_ << redactor_.redact(boost::json::serialize(item)) << '\n';
}

void JsonLinesPrinter::finish() { out_.flush(); }

}  // namespace connector::host::output
