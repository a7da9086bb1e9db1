#include "commands/arguments.hpp"

#include <boost/program_options/value_semantic.hpp>

#include <array>
#include <charconv>

#include "common/error.hpp"

namespace connector::host::commands {

namespace po = boost::program_options;

void add_connector_argument(CommandOptions& options) {
  // Not ->required(): program_options would name it "--connector", which nobody types.
  options.hidden.add_options()("connector", po::value<std::string>(),
                               "connector id (a manifest's \"id\")");
  options.positional.add("connector", 1);
}

const std::string& connector_argument(const po::variables_map& args) {
  if (args.count("connector") == 0) {
    throw HostError(ExitCode::usage, "missing the CONNECTOR argument (a manifest's id)");
  }
  return args["connector"].as<std::string>();
}

po::typed_value<double>* double_option(double default_value) {
  // std::to_chars without a precision writes the shortest round-trip form.
  std::array<char, 32> text{};
  const auto written = std::to_chars(text.data(), text.data() + text.size(), default_value);
  return po::value<double>()->default_value(default_value, std::string(text.data(), written.ptr));
}

void add_plugin_argument(CommandOptions& options) {
  options.hidden.add_options()("plugin", po::value<std::string>(),
                               "plugin id (`connector-host plugins` lists them)");
  options.positional.add("plugin", 1);
}

std::shared_ptr<const loader::PluginLibrary> plugin_argument(Session& session,
                                                             const po::variables_map& args) {
  if (args.count("plugin") == 0) {
    throw HostError(ExitCode::usage, "missing the PLUGIN argument (a plugin id, eg: ninjaone)");
  }
  const std::string& id = args["plugin"].as<std::string>();
  const auto& registry = session.plugins();
  if (auto plugin = registry.find(id)) return plugin;
  std::string message = "no plugin '" + id + "' is loaded from " + registry.directory().string();
  if (!registry.failures().empty()) {
    message += " (" + std::to_string(registry.failures().size()) +
               " file(s) there failed to load; `connector-host plugins` lists why)";
  }
  throw HostError(ExitCode::plugin_load, message);
}

std::string optional_string(const po::variables_map& args, const char* name) {
  return args.count(name) != 0 ? args[name].as<std::string>() : std::string();
}

std::vector<output::Column> resource_type_columns() {
  return {{"ID", "id"}, {"DISPLAY NAME", "display_name"}, {"TRAITS", "traits"}};
}

std::vector<output::Column> resource_columns() {
  return {{"ID", "id"},
          {"TYPE", "type"},
          {"DISPLAY NAME", "display_name"},
          {"STATUS", "status"},
          {"PARENT", "parent"}};
}

std::vector<output::Column> entitlement_columns() {
  return {{"ID", "id"},
          {"DISPLAY NAME", "display_name"},
          {"PURPOSE", "purpose"},
          {"GRANTABLE TO", "grantable_to"},
          {"PROVISIONABLE", "provisionable"}};
}

std::vector<output::Column> grant_columns() {
  return {{"ID", "id"}, {"ENTITLEMENT", "entitlement"}, {"PRINCIPAL", "principal"}};
}

std::vector<output::Column> change_columns(bool dry_run) {
  if (dry_run) {
    return {{"METHOD", "dry_run.method"}, {"PATH", "dry_run.path"}, {"BODY", "dry_run.body"}};
  }
  return {{"STATUS", "status"}, {"OPERATION", "operation.id"}};
}

runtime::ItemSink print_into(output::Printer& printer) {
  return [&printer](boost::json::object&& item) { printer.print(item); };
}

}  // namespace connector::host::commands
