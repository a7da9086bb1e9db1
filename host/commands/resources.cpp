// `resources CONNECTOR [--type T]`: every resource of one type, or of every type.
#include <boost/program_options/value_semantic.hpp>

#include "commands/arguments.hpp"
#include "commands/from_store.hpp"
#include "runtime/page_loop.hpp"

namespace connector::host::commands {
namespace {

class ResourcesCommand final : public Command {
 public:
  std::string_view name() const override { return "resources"; }
  std::string_view synopsis() const override {
    return "resources CONNECTOR [--type T] [--from-store [--as-of AT]]";
  }
  std::string_view summary() const override {
    return "list resources of one type, or of every type (all pages)";
  }
  void declare(CommandOptions& options) const override {
    add_connector_argument(options);
    add_from_store_option(options);
    options.visible.add_options()("type", boost::program_options::value<std::string>(),
                                  "resource type, eg: user (default: every type)");
  }

  void run(Session& session, const boost::program_options::variables_map& args) const override {
    if (from_store_requested(args)) {
      const std::string type = optional_string(args, "type");
      auto printer = session.printer(resource_columns());
      print_from_store(session, args, *printer,
                       [&](const store::Snapshot& snapshot, const store::ItemVisitor& visit) {
                         snapshot.resources(type, visit);
                       });
      return;
    }
    auto instance = session.open(connector_argument(args));
    std::vector<std::string> types;
    if (const std::string type = optional_string(args, "type"); !type.empty()) {
      types.push_back(type);
    } else {
      instance->list_resource_types([&](boost::json::object&& item) {
        if (const auto* id = item.if_contains("id"); id != nullptr && id->is_string()) {
          types.emplace_back(id->as_string());
        }
      });
    }
    auto printer = session.printer(resource_columns());
    for (const std::string& type : types) {
      runtime::ListQuery query;
      query.resource_type = type;
      runtime::PageLoop(*instance, runtime::ListOperation::resources, query)
          .run(print_into(*printer));
    }
    printer->finish();
  }
};

}  // namespace

std::unique_ptr<Command> make_resources_command() { return std::make_unique<ResourcesCommand>(); }

}  // namespace connector::host::commands
