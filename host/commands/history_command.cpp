// `history CONNECTOR (--principal T:ID | --entitlement ENT | --resource T:ID)
// [--since AT]`: who had what, when. One change per line, oldest first: the run it
// was seen in, that run's time, added / removed / changed, and the item.
#include <boost/program_options/value_semantic.hpp>

#include "commands/arguments.hpp"
#include "commands/point_in_time_option.hpp"
#include "connector/store/history.hpp"
#include "connector/store/json.hpp"
#include "connector/store/store.hpp"

namespace connector::host::commands {
namespace {

namespace po = boost::program_options;

store::HistorySubject subject_argument(const po::variables_map& args) {
  store::HistorySubject subject;
  int named = 0;
  for (const char* option : {"principal", "entitlement", "resource"}) {
    if (args.count(option) == 0) continue;
    ++named;
    const std::string value = args[option].as<std::string>();
    if (value.empty()) throw HostError(ExitCode::usage, std::string("--") + option + " is empty");
    if (std::string_view(option) == "principal") subject.principal = value;
    if (std::string_view(option) == "entitlement") subject.entitlement = value;
    if (std::string_view(option) == "resource") subject.resource = value;
  }
  if (named != 1) {
    throw HostError(ExitCode::usage,
                    "history needs exactly one of --principal, --entitlement or --resource");
  }
  return subject;
}

class HistoryCommand final : public Command {
 public:
  std::string_view name() const override { return "history"; }
  std::string_view synopsis() const override {
    return "history CONNECTOR (--principal T:ID | --entitlement ENT | --resource T:ID) "
           "[--since AT]";
  }
  std::string_view summary() const override {
    return "who had what, when: the changes of a principal, entitlement or resource, oldest "
           "first";
  }
  void declare(CommandOptions& options) const override {
    add_connector_argument(options);
    options.visible.add_options()(
        "principal", po::value<std::string>(),
        "a principal, eg user:101: its own resource and the grants it holds")(
        "entitlement", po::value<std::string>(),
        "an entitlement, eg role:7:member: it and its grants")(
        "resource", po::value<std::string>(),
        "a resource, eg role:7: it, its entitlements and their grants");
    add_point_in_time_option(options, "since",
                             "only changes after the state at AT (a run: 12 or run:12; a date: "
                             "2026-11-30; a time: 2026-11-30T12:00:00Z)");
  }

  void run(Session& session, const po::variables_map& args) const override {
    const std::string& connector = connector_argument(args);
    const store::HistorySubject subject = subject_argument(args);
    const auto since = point_in_time_argument(args, "since");
    std::vector<store::HistoryChange> changes;
    try {
      store::Store store(session.options().state_dir);
      std::int64_t since_run = 0;
      if (since) {
        since_run = resolve_run(store.db(), connector, since, "--since").id;
      } else if (!store::latest_good_run(store.db(), connector)) {
        throw HostError(
            ExitCode::state,
            "connector " + connector + " has no good sync in the store; run: sync " + connector);
      }
      changes = store::history(store.db(), connector, subject, since_run);
    } catch (const HostError&) {
      throw;
    } catch (const std::exception& e) {
      throw HostError(ExitCode::state, std::string("cannot read the store: ") + e.what());
    }
    auto printer = session.printer({{"RUN", "run"},
                                    {"TIME", "time"},
                                    {"CHANGE", "change"},
                                    {"KIND", "kind"},
                                    {"ID", "id"},
                                    {"ENTITLEMENT", "entitlement"},
                                    {"PRINCIPAL", "principal"}});
    for (const auto& change : changes) printer->print(store::to_json(change));
    printer->finish();
  }
};

}  // namespace

std::unique_ptr<Command> make_history_command() { return std::make_unique<HistoryCommand>(); }

}  // namespace connector::host::commands
