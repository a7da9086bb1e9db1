// `create-account CONNECTOR --type T --profile JSON [--dry-run]`.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/program_options/value_semantic.hpp>

#include "commands/arguments.hpp"
#include "commands/provisioning.hpp"
#include "common/error.hpp"

namespace connector::host::commands {
namespace {

namespace po = boost::program_options;

class CreateAccountCommand final : public Command {
 public:
  std::string_view name() const override { return "create-account"; }
  std::string_view synopsis() const override {
    return "create-account CONNECTOR --type T --profile JSON [--dry-run]";
  }
  std::string_view summary() const override {
    return "create an account (needs provisioning enabled)";
  }
  void declare(CommandOptions& options) const override {
    add_connector_argument(options);
    options.visible.add_options()("type", po::value<std::string>()->required(),
                                  "resource type of the account, eg: user")(
        "profile", po::value<std::string>()->required(),
        "the account as a JSON object, eg: '{\"email\":\"ada@example.com\"}'")(
        "dry-run", "print the requests that would be sent; change nothing");
  }

  void run(Session& session, const po::variables_map& args) const override {
    const std::string& profile = args["profile"].as<std::string>();
    boost::system::error_code ec;
    const boost::json::value parsed = boost::json::parse(profile, ec);
    if (ec || !parsed.is_object()) {
      throw HostError(ExitCode::usage, "create-account: --profile must be a JSON object" +
                                           (ec ? " (" + ec.message() + ")" : std::string()));
    }
    const std::string type = args["type"].as<std::string>();
    const ProvisioningAction action{"create-account", "create_account",           type,
                                    std::nullopt,     args.count("dry-run") != 0, {}};
    run_provisioning(session, session.connector(connector_argument(args)), action,
                     action.dry_run ? change_columns(true) : resource_columns(),
                     [&](runtime::Instance& instance, const runtime::ItemSink& sink) {
                       instance.create_account(type, boost::json::serialize(parsed), action.dry_run,
                                               sink);
                     });
  }
};

}  // namespace

std::unique_ptr<Command> make_create_account_command() {
  return std::make_unique<CreateAccountCommand>();
}

}  // namespace connector::host::commands
