// `diff CONNECTOR [--from AT] [--to AT]`: what changed between two good syncs of the
// connector (default: its last two): resources and grants added, removed or changed.
// Every line names the two runs (from_run, to_run).
#include "commands/arguments.hpp"
#include "commands/point_in_time_option.hpp"
#include "connector/store/diff.hpp"
#include "connector/store/json.hpp"
#include "connector/store/store.hpp"
#include "connector/store/sync_runs.hpp"

namespace connector::host::commands {
namespace {

class DiffCommand final : public Command {
 public:
  std::string_view name() const override { return "diff"; }
  std::string_view synopsis() const override { return "diff CONNECTOR [--from AT] [--to AT]"; }
  std::string_view summary() const override {
    return "what changed between two good syncs (default: the last two)";
  }
  void declare(CommandOptions& options) const override {
    add_connector_argument(options);
    add_point_in_time_option(options, "from",
                             "the older state (default: the good sync before --to); AT is a run "
                             "(12, run:12), a date (2026-11-30) or a time (2026-11-30T12:00:00Z)");
    add_point_in_time_option(options, "to", "the newer state (default: the latest good sync)");
  }

  void run(Session& session, const boost::program_options::variables_map& args) const override {
    const std::string& connector = connector_argument(args);
    const auto from_at = point_in_time_argument(args, "from");
    const auto to_at = point_in_time_argument(args, "to");
    store::SyncDiff diff;
    const HostError too_few(ExitCode::state, "connector " + connector +
                                                 " has fewer than two good syncs in the store; "
                                                 "run: sync " +
                                                 connector);
    try {
      store::Store store(session.options().state_dir);
      if (!from_at && !to_at &&
          store::list_runs(store.db(), connector, 2, store::RunStatus::good).size() < 2) {
        throw too_few;
      }
      const store::SyncRun to = resolve_run(store.db(), connector, to_at, "--to");
      std::optional<store::SyncRun> from;
      if (from_at) {
        from = resolve_run(store.db(), connector, from_at, "--from");
      } else {
        from = store::good_run_before(store.db(), to);
        if (!from) {
          throw HostError(ExitCode::state,
                          "connector " + connector + " has no good sync before run " +
                              std::to_string(to.id) + " to compare with; run: sync " + connector);
        }
      }
      diff = store::diff_runs(store.db(), from->id, to.id);
    } catch (const HostError&) {
      throw;
    } catch (const std::exception& e) {
      throw HostError(ExitCode::state, std::string("cannot read the store: ") + e.what());
    }
    auto printer = session.printer({{"CHANGE", "change"},
                                    {"KIND", "kind"},
                                    {"ID", "id"},
                                    {"DISPLAY NAME", "display_name"},
                                    {"STATUS", "status"},
                                    {"WAS NAMED", "old_display_name"},
                                    {"WAS", "old_status"}});
    const auto print = [&](boost::json::object line) {
      line["from_run"] = diff.from.id;
      line["to_run"] = diff.to.id;
      printer->print(line);
    };
    for (const auto& change : diff.resources) print(store::to_json(change));
    for (const auto& change : diff.grants) print(store::to_json(change));
    printer->finish();
  }
};

}  // namespace

std::unique_ptr<Command> make_diff_command() { return std::make_unique<DiffCommand>(); }

}  // namespace connector::host::commands
