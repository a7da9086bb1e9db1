// A command of the connector-host command line: its name, help, options and action.
//
// To add one: write commands/<name>.cpp with a class deriving from Command and a
// factory `std::unique_ptr<Command> make_<name>_command()`, then add the factory to
// the table in commands/registry.cpp. The CLI derives `--help` from what it declares.
#pragma once

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/positional_options.hpp>
#include <boost/program_options/variables_map.hpp>

#include <string_view>

#include "session/session.hpp"

namespace connector::host::commands {

struct CommandOptions {
  boost::program_options::options_description visible{"Options"};
  boost::program_options::options_description hidden;  // positional arguments
  boost::program_options::positional_options_description positional;
};

class Command {
 public:
  virtual ~Command() = default;

  virtual std::string_view name() const = 0;      // eg: "resources"
  virtual std::string_view synopsis() const = 0;  // eg: "resources CONNECTOR [--type T]"
  virtual std::string_view summary() const = 0;   // one line for the command list

  // Declares the command's options and positional arguments.
  virtual void declare(CommandOptions& options) const = 0;

  // Does the work; results go to session.printer(), failures are thrown as HostError.
  virtual void run(Session& session, const boost::program_options::variables_map& args) const = 0;
};

}  // namespace connector::host::commands
