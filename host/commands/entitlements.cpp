// `entitlements CONNECTOR [--resource T:ID]`: the entitlements of one resource, or of every
// resource when --resource is left out (one paged stream, as a full sync reads it).
#include <boost/program_options/value_semantic.hpp>

#include "commands/arguments.hpp"
#include "commands/from_store.hpp"
#include "runtime/page_loop.hpp"

namespace connector::host::commands {
namespace {

class EntitlementsCommand final : public Command {
 public:
  std::string_view name() const override { return "entitlements"; }
  std::string_view synopsis() const override {
    return "entitlements CONNECTOR [--resource T:ID] [--from-store]";
  }
  std::string_view summary() const override {
    return "list the entitlements of a resource (all pages)";
  }
  void declare(CommandOptions& options) const override {
    add_connector_argument(options);
    add_from_store_option(options);
    options.visible.add_options()("resource", boost::program_options::value<std::string>(),
                                  "resource id, eg: role:7 (default: every resource)");
  }

  void run(Session& session, const boost::program_options::variables_map& args) const override {
    if (from_store_requested(args)) {
      const std::string resource = optional_string(args, "resource");
      auto printer = session.printer(entitlement_columns());
      print_from_store(session, connector_argument(args), *printer,
                       [&](const store::Snapshot& snapshot, const store::ItemVisitor& visit) {
                         snapshot.entitlements(resource, visit);
                       });
      return;
    }
    auto instance = session.open(connector_argument(args));
    auto printer = session.printer(entitlement_columns());
    runtime::ListQuery query;
    query.resource_id = optional_string(args, "resource");
    runtime::PageLoop(*instance, runtime::ListOperation::entitlements, query)
        .run(print_into(*printer));
    printer->finish();
  }
};

}  // namespace

std::unique_ptr<Command> make_entitlements_command() {
  return std::make_unique<EntitlementsCommand>();
}

}  // namespace connector::host::commands
