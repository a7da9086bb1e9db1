// `runs CONNECTOR [--limit N]`: the connector's sync runs the store keeps, newest
// first, with status, times, item counts and what each changed. `state_kept` says
// whether the store still answers the state at the run (--as-of): good runs from the
// connector's history start on (older history is folded by store.keep_history).
#include <boost/program_options/value_semantic.hpp>

#include "commands/arguments.hpp"
#include "connector/store/json.hpp"
#include "connector/store/retention.hpp"
#include "connector/store/store.hpp"
#include "connector/store/sync_runs.hpp"

namespace connector::host::commands {
namespace {

class RunsCommand final : public Command {
 public:
  std::string_view name() const override { return "runs"; }
  std::string_view synopsis() const override { return "runs CONNECTOR [--limit N]"; }
  std::string_view summary() const override {
    return "the connector's sync runs, newest first: status, times, counts, changes";
  }
  void declare(CommandOptions& options) const override {
    add_connector_argument(options);
    options.visible.add_options()("limit",
                                  boost::program_options::value<std::size_t>()->default_value(50),
                                  "at most this many runs");
  }

  void run(Session& session, const boost::program_options::variables_map& args) const override {
    const std::string& connector = connector_argument(args);
    const std::size_t limit = args["limit"].as<std::size_t>();
    if (limit == 0) throw HostError(ExitCode::usage, "--limit must be at least 1");
    std::vector<store::SyncRun> runs;
    std::optional<std::int64_t> history_from;
    try {
      store::Store store(session.options().state_dir);
      store::Transaction read(store.db(), store::Transaction::Mode::deferred);
      runs = store::list_runs(store.db(), connector, limit);
      history_from = store::history_start(store.db(), connector);
      read.commit();
    } catch (const std::exception& e) {
      throw HostError(ExitCode::state, std::string("cannot read the store: ") + e.what());
    }
    auto printer = session.printer({{"RUN", "run_id"},
                                    {"STATUS", "status"},
                                    {"STARTED", "started_at"},
                                    {"FINISHED", "finished_at"},
                                    {"RESOURCES", "resources"},
                                    {"ENTITLEMENTS", "entitlements"},
                                    {"GRANTS", "grants"},
                                    {"ADDED", "added"},
                                    {"CHANGED", "changed"},
                                    {"REMOVED", "removed"},
                                    {"KEPT", "state_kept"},
                                    {"REASON", "quarantine_reason"},
                                    {"ERROR", "error"}});
    for (const auto& run : runs) {
      auto line = store::to_json(run);
      line["state_kept"] =
          run.status == store::RunStatus::good && history_from && run.id >= *history_from;
      printer->print(line);
    }
    printer->finish();
  }
};

}  // namespace

std::unique_ptr<Command> make_runs_command() { return std::make_unique<RunsCommand>(); }

}  // namespace connector::host::commands
