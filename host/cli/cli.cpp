#include "cli/cli.hpp"

#include <boost/program_options.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "cli/defaults.hpp"
#include "commands/registry.hpp"
#include "common/error.hpp"
#include "common/version.hpp"
#include "log/control_characters.hpp"
#include "log/logger.hpp"
#include "runtime/interrupt.hpp"

namespace connector::host::cli {
namespace {

namespace po = boost::program_options;

// Abbreviated long options are refused: with commands adding options of their own,
// a prefix could silently mean a different option tomorrow.
constexpr int parse_style =
    po::command_line_style::default_style & ~po::command_line_style::allow_guessing;

struct GlobalParse {
  po::variables_map values;
  std::vector<std::string> command_line;  // the command and its own arguments
};

// A built-in directory as --help shows it: ./manifests, or /etc/connector-host/manifests.
std::string shown(const std::filesystem::path& directory) {
  return directory.is_relative() ? "./" + directory.string() : directory.string();
}

po::options_description global_options() {
  const std::string manifests_help =
      "manifest directory (default: $CONNECTOR_HOST_MANIFESTS, else " +
      shown(built_in_manifests_dir()) + ")";
  const std::string state_help =
      "state directory (default: $CONNECTOR_HOST_STATE, else " + shown(built_in_state_dir()) + ")";
  po::options_description options("Global options");
  options.add_options()("help,h", "show this help, or a command's help after its name")(
      "version", "print the version")("plugins", po::value<std::string>(),
                                      "plugin directory (default: $CONNECTOR_HOST_PLUGINS, else "
                                      "<exe dir>/../lib/connector-host/plugins)")(
      "manifests", po::value<std::string>(), manifests_help.c_str())(
      "state", po::value<std::string>(), state_help.c_str())(
      "output,o", po::value<std::string>()->default_value("console"),
      "output format: console or json")("log-level",
                                        po::value<std::string>()->default_value("warn"),
                                        "debug, info, warn, error or off (stderr)")(
      "timeout", po::value<double>(), "seconds after which plugin calls are cancelled (exit 124)");
  return options;
}

GlobalParse parse_global(int argc, const char* const* argv,
                         const po::options_description& visible) {
  po::options_description all;
  all.add(visible).add_options()("command", po::value<std::string>())(
      "arguments", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("command", 1).add("arguments", -1);
  const po::parsed_options parsed = po::command_line_parser(argc, argv)
                                        .options(all)
                                        .positional(positional)
                                        .style(parse_style)
                                        .allow_unregistered()
                                        .run();
  GlobalParse result;
  po::store(parsed, result.values);
  po::notify(result.values);
  // The command's own options were left unrecognized, in their original order.
  result.command_line = po::collect_unrecognized(parsed.options, po::include_positional);
  return result;
}

std::string global_help(const po::options_description& visible) {
  std::ostringstream text;
  text << "Usage: connector-host [global options] COMMAND [ARGS...]\n\n"
          "Loads connector plugins, reads connector manifests and drives the connectors.\n\n"
          "Commands (connector-host COMMAND --help for each):\n";
  for (const auto& command : commands::all_commands()) {
    std::string synopsis(command->synopsis());
    text << "  " << synopsis << "\n      " << command->summary() << "\n";
  }
  text << "\n" << visible << "\n" << exit_code_help();
  return text.str();
}

std::string command_help(const commands::Command& command,
                         const commands::CommandOptions& options) {
  std::ostringstream text;
  text << "Usage: connector-host [global options] " << command.synopsis() << "\n\n"
       << command.summary() << "\n";
  if (!options.visible.options().empty()) text << "\n" << options.visible;
  text << "\nSee connector-host --help for the global options and exit codes.\n";
  return text.str();
}

po::variables_map parse_command(const commands::CommandOptions& options,
                                const std::vector<std::string>& arguments) {
  po::options_description all;
  all.add(options.visible).add(options.hidden);
  po::variables_map values;
  po::store(po::command_line_parser(arguments)
                .options(all)
                .positional(options.positional)
                .style(parse_style)
                .run(),
            values);
  po::notify(values);
  return values;
}

commands::GlobalOptions to_global_options(const po::variables_map& values) {
  commands::GlobalOptions options;
  const auto directory = [&](const char* name, std::filesystem::path (*fallback)()) {
    return values.count(name) ? std::filesystem::path(values[name].as<std::string>()) : fallback();
  };
  options.plugins_dir = directory("plugins", &default_plugins_dir);
  options.manifests_dir = directory("manifests", &default_manifests_dir);
  options.state_dir = directory("state", &default_state_dir);
  const std::string& format = values["output"].as<std::string>();
  const auto parsed_format = output::parse_format(format);
  if (!parsed_format)
    throw HostError(ExitCode::usage, "-o: '" + format + "' is not console or json");
  options.format = *parsed_format;
  const std::string& level = values["log-level"].as<std::string>();
  const auto parsed_level = log::parse_level(level);
  if (!parsed_level) {
    throw HostError(ExitCode::usage,
                    "--log-level: '" + level + "' is not debug, info, warn, error or off");
  }
  options.log_level = *parsed_level;
  if (values.count("timeout")) {
    const double seconds = values["timeout"].as<double>();
    if (!(seconds > 0 && seconds < 1e7))
      throw HostError(ExitCode::usage, "--timeout: expected a positive number of seconds");
    options.timeout = std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
  }
  return options;
}

// The line printed for a failure: never more than one line, and nothing a terminal
// would act on, whatever the cause quotes (a manifest key, a plugin's message).
std::string one_line(const std::string& text) { return log::escape_control_characters(text); }

// Runs the command in a session; a failure's message is redacted while the session
// (which knows the secrets) still exists.
void run_in_session(const commands::Command& command, const po::variables_map& global,
                    const po::variables_map& arguments, std::ostream& out) {
  commands::Session session(to_global_options(global), out);
  try {
    command.run(session, arguments);
    out.flush();
  } catch (const HostError& e) {
    out.flush();  // results printed before the failure still reach the reader
    throw HostError(e.code(), session.redactor().redact(e.what()));
  } catch (const std::exception& e) {
    out.flush();
    throw HostError(ExitCode::internal,
                    session.redactor().redact(std::string("internal error: ") + e.what()));
  }
}

int dispatch(int argc, const char* const* argv, std::ostream& out) {
  const po::options_description visible = global_options();
  GlobalParse global;
  try {
    global = parse_global(argc, argv, visible);
  } catch (const po::error& e) {
    throw HostError(ExitCode::usage, e.what());
  }
  const bool help = global.values.count("help") != 0;
  if (global.values.count("version")) {
    out << "connector-host " << host_version << "\n";
    return 0;
  }
  if (global.command_line.empty()) {
    if (help) {
      out << global_help(visible);
      return 0;
    }
    throw HostError(ExitCode::usage, "no command given (connector-host --help lists them)");
  }
  const std::string name = global.command_line.front();
  const commands::Command* command = commands::find_command(name);
  if (command == nullptr) {
    throw HostError(ExitCode::usage,
                    "unknown command '" + name + "' (connector-host --help lists them)");
  }
  commands::CommandOptions options;
  command->declare(options);
  if (help) {
    out << command_help(*command, options);
    return 0;
  }
  po::variables_map arguments;
  try {
    arguments = parse_command(options, std::vector<std::string>(global.command_line.begin() + 1,
                                                                global.command_line.end()));
  } catch (const po::error& e) {
    throw HostError(ExitCode::usage, name + ": " + e.what());
  }
  run_in_session(*command, global.values, arguments, out);
  return 0;
}

}  // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  runtime::install_interrupt_handlers();
  try {
    return dispatch(argc, argv, out);
  } catch (const HostError& e) {
    err << "error: " << one_line(e.what()) << std::endl;
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    err << "error: internal error: " << one_line(e.what()) << std::endl;
    return static_cast<int>(ExitCode::internal);
  }
}

}  // namespace connector::host::cli
