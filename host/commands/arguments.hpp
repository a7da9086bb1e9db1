// Pieces several commands share: the CONNECTOR argument, the columns of the
// DESIGN section 4 shapes, and a sink that prints every item it receives.
#pragma once

#include <boost/program_options/value_semantic.hpp>
#include <boost/program_options/variables_map.hpp>

#include <memory>
#include <string>
#include <vector>

#include "commands/command.hpp"
#include "output/printer.hpp"
#include "runtime/call_context.hpp"

namespace connector::host::commands {

// Declares the positional CONNECTOR argument (a manifest id), required.
void add_connector_argument(CommandOptions& options);
const std::string& connector_argument(const boost::program_options::variables_map& args);

// A floating-point option whose help shows its default as written: the shortest text
// that reads back as the same number ("(=0.2)"; program_options alone prints
// "(=0.20000000000000001)").
boost::program_options::typed_value<double>* double_option(double default_value);
// Declares the positional PLUGIN argument (a plugin descriptor id), required.
void add_plugin_argument(CommandOptions& options);
// The loaded plugin PLUGIN names. Throws HostError (plugin_load) when none has that id.
std::shared_ptr<const loader::PluginLibrary> plugin_argument(
    Session& session, const boost::program_options::variables_map& args);

// The value of an option declared with a std::string value, or "" when absent.
std::string optional_string(const boost::program_options::variables_map& args, const char* name);

std::vector<output::Column> resource_type_columns();
std::vector<output::Column> resource_columns();
std::vector<output::Column> entitlement_columns();
std::vector<output::Column> grant_columns();
// Results of grant/revoke/delete-account, or with --dry-run the would-be requests.
std::vector<output::Column> change_columns(bool dry_run);

// A sink handing every item to `printer`.
runtime::ItemSink print_into(output::Printer& printer);

}  // namespace connector::host::commands
