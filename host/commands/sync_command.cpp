// `sync CONNECTOR [--accept-quarantined]`: a full sync of one connector into the
// store (STATE_DIR/store.db), or the acceptance of its quarantined sync.
//
// The sync itself is the sync engine's (sync/connector_sync.hpp), which the service runs too: the
// same walk, the same commit or abort, whether the scheduler or an operator starts it. The run
// becomes the connector's latest good sync only when every page was read and the
// mass-deletion guard agrees; otherwise the previous good sync stays.
#include <boost/program_options/value_semantic.hpp>

#include <connector/store/json.hpp>
#include <connector/store/store.hpp>
#include <connector/store/sync_runs.hpp>

#include "commands/arguments.hpp"
#include "runtime/call_error.hpp"
#include "runtime/interrupt.hpp"
#include "sync/connector_sync.hpp"
#include "sync/terminal_progress.hpp"

namespace connector::host::commands {
namespace {

namespace po = boost::program_options;

std::vector<output::Column> run_columns() {
  return {{"RUN", "run_id"},
          {"STATUS", "status"},
          {"TYPES", "resource_types"},
          {"RESOURCES", "resources"},
          {"ENTITLEMENTS", "entitlements"},
          {"GRANTS", "grants"},
          {"DURATION MS", "duration_ms"},
          {"REASON", "quarantine_reason"},
          {"ERROR", "error"}};
}

class SyncCommand final : public Command {
 public:
  std::string_view name() const override { return "sync"; }
  std::string_view synopsis() const override {
    return "sync CONNECTOR [--accept-quarantined] [--max-removed-share F] [--min-removed N]";
  }
  std::string_view summary() const override {
    return "read everything the connector lists into the store as one sync run";
  }
  void declare(CommandOptions& options) const override {
    add_connector_argument(options);
    const store::GuardOptions defaults;
    options.visible.add_options()(
        "accept-quarantined", "promote the connector's quarantined sync to good (no plugin call)")(
        "max-removed-share", double_option(defaults.max_removed_share),
        "quarantine a sync that removes more than this share of users or grants")(
        "min-removed", po::value<std::int64_t>()->default_value(defaults.min_removed),
        "... and at least this many");
  }

  void run(Session& session, const po::variables_map& args) const override {
    const std::string& id = connector_argument(args);
    const auto& connector = session.connector(id);  // an unknown or disabled one fails here
    auto printer = session.printer(run_columns());
    if (args.count("accept-quarantined") != 0) {
      printer->print(store::to_json(accept(session, id)));
      printer->finish();
      return;
    }

    service::SyncEnvironment environment;
    environment.state_dir = session.options().state_dir;
    environment.logger = session.logger();
    environment.secrets = &session.secret_store();
    environment.redactor = &session.redactor();
    environment.guard = {args["max-removed-share"].as<double>(),
                         args["min-removed"].as<std::int64_t>()};
    environment.deadline = session.deadline();
    environment.log_failure = false;  // the error line below says it
    service::SyncReport report;
    {
      // Live counts on a terminal only, and not when stdout is JSON for a program.
      service::TerminalProgress progress;
      const bool show = progress.enabled() && session.options().format == output::Format::console;
      try {
        report = service::sync_connector(
            connector, environment, show ? progress.callback() : service::SyncProgressCallback{});
      } catch (const std::exception& e) {
        // Only a store that cannot be opened or written throws: no run was recorded.
        throw HostError(ExitCode::state, std::string("the store failed: ") + e.what());
      }
    }
    printer->print(store::to_json(report.run));
    printer->finish();

    switch (report.run.status) {
      case store::RunStatus::good:
        return;
      case store::RunStatus::quarantined:
        session.logger()->warn(
            "the previous good sync of {} stays current; if the removals are real, accept this "
            "one with: sync {} --accept-quarantined",
            id, id);
        return;
      case store::RunStatus::cancelled:
        throw runtime::interrupted_error(runtime::interrupt_signal());
      default:
        if (const auto deadline = session.deadline();
            deadline && std::chrono::steady_clock::now() >= *deadline) {
          throw HostError(ExitCode::deadline, "sync of " + id + " stopped by --timeout: " +
                                                  report.run.error.value_or("no reason"));
        }
        throw HostError(ExitCode::plugin_call,
                        "sync of " + id + " failed: " + report.run.error.value_or("no reason"));
    }
  }

 private:
  static store::SyncRun accept(const Session& session, const std::string& id) {
    try {
      store::Store store(session.options().state_dir);
      return store::accept_quarantined(store.db(), id);
    } catch (const std::exception& e) {
      throw HostError(ExitCode::state, e.what());  // nothing to accept, or the store failed
    }
  }
};

}  // namespace

std::unique_ptr<Command> make_sync_command() { return std::make_unique<SyncCommand>(); }

}  // namespace connector::host::commands
