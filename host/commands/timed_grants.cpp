// `timed-grants CONNECTOR [--all]`: the connector's timed grants (provisioning/
// timed_grants.hpp), by expiry: the running timers, or with --all the finished ones too.
#include <boost/program_options/value_semantic.hpp>

#include <connector/store/timed_grants.hpp>

#include "commands/arguments.hpp"
#include "commands/store_access.hpp"
#include "provisioning/timed_grants.hpp"

namespace connector::host::commands {
namespace {

class TimedGrantsCommand final : public Command {
 public:
  std::string_view name() const override { return "timed-grants"; }
  std::string_view synopsis() const override { return "timed-grants CONNECTOR [--all]"; }
  std::string_view summary() const override {
    return "list the grants the host will revoke when they expire (grant --for/--until)";
  }
  void declare(CommandOptions& options) const override {
    add_connector_argument(options);
    options.visible.add_options()("all", "also the finished ones (expired, or ended by a revoke)");
  }

  void run(Session& session, const boost::program_options::variables_map& args) const override {
    const std::string& connector = connector_argument(args);
    store::Store store = open_store(session);
    auto printer = session.printer({{"ID", "timed_grant"},
                                    {"ENTITLEMENT", "entitlement"},
                                    {"PRINCIPAL", "principal"},
                                    {"EXPIRES AT", "expires_at"},
                                    {"STATE", "state"},
                                    {"OUTCOME", "outcome"},
                                    {"LAST ERROR", "last_error"}});
    for (const auto& grant :
         store::list_timed_grants(store.db(), connector, args.count("all") != 0))
      printer->print(provisioning::to_json(grant));
    printer->finish();
  }
};

}  // namespace

std::unique_ptr<Command> make_timed_grants_command() {
  return std::make_unique<TimedGrantsCommand>();
}

}  // namespace connector::host::commands
