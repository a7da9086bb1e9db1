#include "output/printer.hpp"

#include "output/console_table.hpp"
#include "output/json_lines.hpp"

namespace connector::host::output {

std::optional<Format> parse_format(std::string_view name) {
  if (name == "console") return Format::console;
  if (name == "json") return Format::json;
  return std::nullopt;
}

std::unique_ptr<Printer> make_printer(Format format, std::vector<Column> columns,
                                      const log::Redactor& redactor, std::ostream& out) {
  if (format == Format::json) return std::make_unique<JsonLinesPrinter>(redactor, out);
  return std::make_unique<ConsoleTablePrinter>(std::move(columns), redactor, out);
}

}  // namespace connector::host::output
