// `-o json`: each item serialized on its own line, as the plugin shaped it.
#pragma once

#include <ostream>

#include "output/printer.hpp"

namespace connector::host::output {

class JsonLinesPrinter final : public Printer {
 public:
  JsonLinesPrinter(const log::Redactor& redactor, std::ostream& out);
  void print(const boost::json::object& item) override;
  void finish() override;

 private:
  const log::Redactor& redactor_;
  std::ostream& out_;
};

}  // namespace connector::host::output
