// `diff CONNECTOR`: what changed between the connector's last two good syncs:
// resources added, removed or changed (display name, status), grants added or
// removed.
#include "commands/arguments.hpp"
#include "connector/store/diff.hpp"
#include "connector/store/json.hpp"
#include "connector/store/store.hpp"

namespace connector::host::commands {
namespace {

class DiffCommand final : public Command {
 public:
  std::string_view name() const override { return "diff"; }
  std::string_view synopsis() const override { return "diff CONNECTOR"; }
  std::string_view summary() const override {
    return "what changed between the connector's last two good syncs";
  }
  void declare(CommandOptions& options) const override { add_connector_argument(options); }

  void run(Session& session, const boost::program_options::variables_map& args) const override {
    const std::string& connector = connector_argument(args);
    std::optional<store::SyncDiff> diff;
    try {
      store::Store store(session.options().state_dir);
      diff = store::diff_last_good_runs(store.db(), connector);
    } catch (const std::exception& e) {
      throw HostError(ExitCode::state, std::string("cannot read the store: ") + e.what());
    }
    if (!diff) {
      throw HostError(ExitCode::state, "connector " + connector +
                                           " has fewer than two good syncs in the store; run: "
                                           "sync " +
                                           connector);
    }
    auto printer = session.printer({{"CHANGE", "change"},
                                    {"KIND", "kind"},
                                    {"ID", "id"},
                                    {"DISPLAY NAME", "display_name"},
                                    {"STATUS", "status"},
                                    {"WAS NAMED", "old_display_name"},
                                    {"WAS", "old_status"}});
    for (const auto& change : diff->resources) printer->print(store::to_json(change));
    for (const auto& change : diff->grants) printer->print(store::to_json(change));
    printer->finish();
  }
};

}  // namespace

std::unique_ptr<Command> make_diff_command() { return std::make_unique<DiffCommand>(); }

}  // namespace connector::host::commands
