// `validate CONNECTOR`: runs the plugin's checks (credentials, scopes, reachability),
// of an enabled or a disabled connector.
#include "commands/arguments.hpp"
#include "common/error.hpp"

namespace connector::host::commands {
namespace {

class ValidateCommand final : public Command {
 public:
  std::string_view name() const override { return "validate"; }
  std::string_view synopsis() const override { return "validate CONNECTOR"; }
  std::string_view summary() const override {
    return "check the connector's config, credentials and reachability";
  }
  void declare(CommandOptions& options) const override { add_connector_argument(options); }

  void run(Session& session, const boost::program_options::variables_map& args) const override {
    // A disabled connector too: `init` writes one disabled, to be checked before use.
    auto instance = session.open(connector_argument(args), Session::Disabled::allow);
    auto printer = session.printer({{"CHECK", "check"}, {"OK", "ok"}, {"MESSAGE", "message"}});
    std::string first_failure;
    instance->validate([&](boost::json::object&& item) {
      printer->print(item);
      const auto* ok = item.if_contains("ok");
      if (first_failure.empty() && ok != nullptr && ok->is_bool() && !ok->as_bool()) {
        const auto* check = item.if_contains("check");
        const auto* message = item.if_contains("message");
        first_failure =
            "check '" + (check && check->is_string() ? std::string(check->as_string()) : "?") +
            "' failed" +
            (message && message->is_string() ? ": " + std::string(message->as_string()) : "");
      }
    });
    printer->finish();
    if (!first_failure.empty()) {
      throw HostError(ExitCode::plugin_call,
                      "connector '" + instance->connector_id() + "': " + first_failure);
    }
  }
};

}  // namespace

std::unique_ptr<Command> make_validate_command() { return std::make_unique<ValidateCommand>(); }

}  // namespace connector::host::commands
