// `audit CONNECTOR [--limit N]`: the connector's audit log (grants, revokes,
// account changes, dry runs included), newest first.
#include <boost/program_options/value_semantic.hpp>

#include "commands/arguments.hpp"
#include "connector/store/audit_log.hpp"
#include "connector/store/json.hpp"
#include "connector/store/store.hpp"

namespace connector::host::commands {
namespace {

class AuditCommand final : public Command {
 public:
  std::string_view name() const override { return "audit"; }
  std::string_view synopsis() const override { return "audit CONNECTOR [--limit N]"; }
  std::string_view summary() const override {
    return "the connector's audit log of provisioning actions, newest first";
  }
  void declare(CommandOptions& options) const override {
    add_connector_argument(options);
    options.visible.add_options()("limit",
                                  boost::program_options::value<std::size_t>()->default_value(100),
                                  "at most this many entries");
  }

  void run(Session& session, const boost::program_options::variables_map& args) const override {
    std::vector<store::AuditEntry> entries;
    try {
      store::Store store(session.options().state_dir);
      entries =
          store::list_audit(store.db(), connector_argument(args), args["limit"].as<std::size_t>());
    } catch (const std::exception& e) {
      throw HostError(ExitCode::state, std::string("cannot read the store: ") + e.what());
    }
    auto printer = session.printer({{"TIME", "time"},
                                    {"OPERATION", "operation"},
                                    {"TARGET", "target"},
                                    {"PRINCIPAL", "principal"},
                                    {"RESULT", "result"},
                                    {"DRY RUN", "dry_run"},
                                    {"REQUEST", "request_id"}});
    for (const auto& entry : entries) printer->print(store::to_json(entry));
    printer->finish();
  }
};

}  // namespace

std::unique_ptr<Command> make_audit_command() { return std::make_unique<AuditCommand>(); }

}  // namespace connector::host::commands
