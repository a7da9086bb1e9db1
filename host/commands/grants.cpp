// `grants CONNECTOR [--resource T:ID]`: the grants (who holds which entitlement) of one resource,
// or of every resource when --resource is left out (one paged stream, as a full sync reads it).
#include <boost/program_options/value_semantic.hpp>

#include "commands/arguments.hpp"
#include "commands/from_store.hpp"

namespace connector::host::commands {
namespace {

class GrantsCommand final : public Command {
 public:
  std::string_view name() const override { return "grants"; }
  std::string_view synopsis() const override {
    return "grants CONNECTOR [--resource T:ID] [--from-store [--as-of AT]]";
  }
  std::string_view summary() const override { return "list the grants of a resource (all pages)"; }
  void declare(CommandOptions& options) const override {
    add_connector_argument(options);
    add_from_store_option(options);
    options.visible.add_options()("resource", boost::program_options::value<std::string>(),
                                  "resource id, eg: role:7 (default: every resource)");
  }

  void run(Session& session, const boost::program_options::variables_map& args) const override {
    run_resource_listing(session, args, grant_columns(), runtime::ListOperation::grants,
                         &store::Snapshot::grants);
  }
};

}  // namespace

std::unique_ptr<Command> make_grants_command() { return std::make_unique<GrantsCommand>(); }

}  // namespace connector::host::commands
