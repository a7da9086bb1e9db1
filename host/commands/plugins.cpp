// `plugins`: every plugin found in the plugin directory, and every file that failed,
// with the sandbox the kernel offers the plugins' worker processes.
#include <connector/version.h>

#include <boost/json/array.hpp>

#include "commands/arguments.hpp"
#include "sandbox/landlock.hpp"

namespace connector::host::commands {
namespace {

namespace json = boost::json;

class PluginsCommand final : public Command {
 public:
  std::string_view name() const override { return "plugins"; }
  std::string_view synopsis() const override { return "plugins"; }
  std::string_view summary() const override {
    return "list the plugins found in the plugin directory, with load errors";
  }
  void declare(CommandOptions&) const override {}

  void run(Session& session, const boost::program_options::variables_map&) const override {
    const auto& registry = session.plugins();
    auto printer = session.printer({{"STATUS", "status"},
                                    {"ID", "id"},
                                    {"VERSION", "version"},
                                    {"CAPABILITIES", "capabilities"},
                                    {"SANDBOX", "sandbox"},
                                    {"PATH", "path"},
                                    {"ERROR", "error"}});
    // What a worker process gets; a connector that runs in-process has none.
    const std::string sandbox = sandbox::describe(sandbox::probe_landlock());
    for (const auto& plugin : registry.plugins()) {
      const auto& descriptor = plugin->descriptor();
      json::array capabilities;
      for (const auto& capability : descriptor.capabilities) capabilities.emplace_back(capability);
      printer->print({{"status", "loaded"},
                      {"id", descriptor.id},
                      {"name", descriptor.name},
                      {"version", descriptor.version},
                      {"vendor", descriptor.vendor},
                      {"description", descriptor.description},
                      {"capabilities", std::move(capabilities)},
                      {"abi", std::to_string(plugin->table().abi_major) + "." +
                                  std::to_string(plugin->table().abi_minor)},
                      {"sandbox", sandbox},
                      {"path", plugin->path().string()}});
    }
    for (const auto& failure : registry.failures()) {
      printer->print(
          {{"status", "failed"}, {"path", failure.path.string()}, {"error", failure.reason}});
    }
    printer->finish();
  }
};

}  // namespace

std::unique_ptr<Command> make_plugins_command() { return std::make_unique<PluginsCommand>(); }

}  // namespace connector::host::commands
