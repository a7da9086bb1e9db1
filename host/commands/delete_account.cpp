// `delete-account CONNECTOR --resource T:ID [--dry-run]`.
#include <boost/program_options/value_semantic.hpp>

#include "commands/arguments.hpp"
#include "commands/provisioning.hpp"

namespace connector::host::commands {
namespace {

namespace po = boost::program_options;

class DeleteAccountCommand final : public Command {
 public:
  std::string_view name() const override { return "delete-account"; }
  std::string_view synopsis() const override {
    return "delete-account CONNECTOR --resource T:ID [--dry-run]";
  }
  std::string_view summary() const override {
    return "delete an account (needs provisioning enabled)";
  }
  void declare(CommandOptions& options) const override {
    add_connector_argument(options);
    options.visible.add_options()("resource", po::value<std::string>()->required(),
                                  "the account's resource id, eg: user:101")(
        "dry-run", "print the requests that would be sent; change nothing");
  }

  void run(Session& session, const po::variables_map& args) const override {
    const ProvisioningAction action{
        "delete-account", "delete_account",           args["resource"].as<std::string>(),
        std::nullopt,     args.count("dry-run") != 0, {}};
    run_provisioning(session, session.connector(connector_argument(args)), action,
                     change_columns(action.dry_run),
                     [&](runtime::Instance& instance, const runtime::ItemSink& sink) {
                       instance.delete_account(*action.target, action.dry_run, sink);
                     });
  }
};

}  // namespace

std::unique_ptr<Command> make_delete_account_command() {
  return std::make_unique<DeleteAccountCommand>();
}

}  // namespace connector::host::commands
