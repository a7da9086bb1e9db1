// `resource-types CONNECTOR`: the kinds of resources the connector knows.
#include "commands/arguments.hpp"

namespace connector::host::commands {
namespace {

class ResourceTypesCommand final : public Command {
 public:
  std::string_view name() const override { return "resource-types"; }
  std::string_view synopsis() const override { return "resource-types CONNECTOR"; }
  std::string_view summary() const override { return "list the connector's resource types"; }
  void declare(CommandOptions& options) const override { add_connector_argument(options); }

  void run(Session& session, const boost::program_options::variables_map& args) const override {
    auto instance = session.open(connector_argument(args));
    auto printer = session.printer(resource_type_columns());
    instance->list_resource_types(print_into(*printer));
    printer->finish();
  }
};

}  // namespace

std::unique_ptr<Command> make_resource_types_command() {
  return std::make_unique<ResourceTypesCommand>();
}

}  // namespace connector::host::commands
