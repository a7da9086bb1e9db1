// `grant CONNECTOR --entitlement ENT --principal T:ID [--dry-run]`.
#include <boost/program_options/value_semantic.hpp>

#include "commands/arguments.hpp"
#include "commands/provisioning.hpp"

namespace connector::host::commands {
namespace {

namespace po = boost::program_options;

class GrantCommand final : public Command {
 public:
  std::string_view name() const override { return "grant"; }
  std::string_view synopsis() const override {
    return "grant CONNECTOR --entitlement ENT --principal T:ID [--dry-run]";
  }
  std::string_view summary() const override {
    return "grant an entitlement to a principal (needs provisioning enabled)";
  }
  void declare(CommandOptions& options) const override {
    add_connector_argument(options);
    options.visible.add_options()("entitlement", po::value<std::string>()->required(),
                                  "entitlement id, eg: role:7:member")(
        "principal", po::value<std::string>()->required(), "principal id, eg: user:101")(
        "dry-run",
        "print the requests that would be sent; change nothing "
        "(allowed even when provisioning is disabled)");
  }

  void run(Session& session, const po::variables_map& args) const override {
    const ProvisioningAction action{"grant", "grant", args["entitlement"].as<std::string>(),
                                    args["principal"].as<std::string>(),
                                    args.count("dry-run") != 0};
    run_provisioning(session, session.connector(connector_argument(args)), action,
                     change_columns(action.dry_run),
                     [&](runtime::Instance& instance, const runtime::ItemSink& sink) {
                       instance.grant(*action.target, *action.principal, action.dry_run, sink);
                     });
  }
};

}  // namespace

std::unique_ptr<Command> make_grant_command() { return std::make_unique<GrantCommand>(); }

}  // namespace connector::host::commands
