// `expire CONNECTOR [--due-by TIME] [--dry-run]`: revoke now the timed grants that are
// due (for those who run it from cron rather than `connector-host run`), through the
// audited provisioning path. One line per grant; exits 5 when a revoke failed (it is
// retried by the next run after its backoff).
#include <boost/program_options/value_semantic.hpp>

#include <connector/store/point_in_time.hpp>

#include "commands/arguments.hpp"
#include "commands/store_access.hpp"
#include "common/error.hpp"
#include "provisioning/timed_grants.hpp"

namespace connector::host::commands {
namespace {

namespace po = boost::program_options;

store::TimePoint due_by(const po::variables_map& args) {
  const std::string text = optional_string(args, "due-by");
  if (text.empty()) return store::now();
  try {
    const auto at = store::parse_point_in_time(text);
    if (const auto* time = std::get_if<store::TimePoint>(&at)) return *time;
  } catch (const std::invalid_argument& e) {
    throw HostError(ExitCode::usage, std::string("--due-by: ") + e.what());
  }
  throw HostError(ExitCode::usage, "--due-by: expected a date or an RFC 3339 time, not a run");
}

class ExpireCommand final : public Command {
 public:
  std::string_view name() const override { return "expire"; }
  std::string_view synopsis() const override {
    return "expire CONNECTOR [--due-by TIME] [--dry-run]";
  }
  std::string_view summary() const override {
    return "revoke the timed grants that are due now (`run` does it every 30 s)";
  }
  void declare(CommandOptions& options) const override {
    add_connector_argument(options);
    options.visible.add_options()(
        "due-by", po::value<std::string>()->value_name("TIME"),
        "revoke those due by TIME (eg: before a change freeze) instead of now")(
        "dry-run", "print the requests each revoke would send; change nothing");
  }

  void run(Session& session, const po::variables_map& args) const override {
    const store::TimePoint due = due_by(args);
    const bool dry_run = args.count("dry-run") != 0;
    const auto& connector = session.connector(connector_argument(args));
    store::Store store = open_store(session);
    std::unique_ptr<runtime::Instance> instance;
    const provisioning::ProvisioningEnvironment environment{
        connector, store.db(),
        [&]() -> runtime::Instance& {
          if (!instance) instance = session.open(connector.manifest.id);
          return *instance;
        },
        *session.logger()};
    auto printer = session.printer({{"ID", "timed_grant"},
                                    {"ENTITLEMENT", "entitlement"},
                                    {"PRINCIPAL", "principal"},
                                    {"EXPIRED AT", "expires_at"},
                                    {"STATUS", "status"},
                                    {"ERROR", "error"}});
    std::size_t failed = 0;
    provisioning::expire_due(environment, due, store::now(), dry_run,
                             [&](const provisioning::Expiry& expiry) {
                               if (expiry.status == "failed") ++failed;
                               printer->print(provisioning::to_json(expiry));
                             });
    printer->finish();
    if (failed > 0) {
      throw HostError(ExitCode::plugin_call, std::to_string(failed) +
                                                 " timed grant(s) could not be revoked; they are "
                                                 "retried by the next expire or by `run`");
    }
  }
};

}  // namespace

std::unique_ptr<Command> make_expire_command() { return std::make_unique<ExpireCommand>(); }

}  // namespace connector::host::commands
