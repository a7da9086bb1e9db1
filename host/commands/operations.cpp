// `operations CONNECTOR [--refresh] [--limit N]`: the connector's provisioning
// operations (eg: grants waiting on a NinjaOne ticket), pending and finished, newest
// first. --refresh first polls every pending one through the plugin's get_operation,
// records what changed, expires those past their deadline and confirms finished
// changes by re-reading the role (see provisioning/operation_poller.hpp).
#include <boost/program_options/value_semantic.hpp>

#include "commands/arguments.hpp"
#include "common/error.hpp"
#include "connector/store/json.hpp"
#include "connector/store/operations.hpp"
#include "connector/store/store.hpp"
#include "provisioning/operation_poller.hpp"
#include "provisioning/poll_log.hpp"

namespace connector::host::commands {
namespace {

namespace po = boost::program_options;

// The stored operation as printed: the store's shape plus, for a quick look, the
// confirmation from its outcome ("confirmed" / "not_confirmed").
boost::json::object printable(const store::PendingOperation& operation) {
  boost::json::object item = store::to_json(operation);
  if (const auto* outcome = item.if_contains("outcome"); outcome && outcome->is_object()) {
    if (const auto* confirmation = outcome->get_object().if_contains("confirmation")) {
      item["confirmation"] = *confirmation;
    }
  }
  return item;
}

class OperationsCommand final : public Command {
 public:
  std::string_view name() const override { return "operations"; }
  std::string_view synopsis() const override {
    return "operations CONNECTOR [--refresh] [--limit N]";
  }
  std::string_view summary() const override {
    return "pending and finished provisioning operations (eg: ticket grants); --refresh polls them";
  }
  void declare(CommandOptions& options) const override {
    add_connector_argument(options);
    options.visible.add_options()(
        "refresh",
        "poll every pending operation through the plugin first: record state changes, expire "
        "those past their deadline, re-read the role of finished ones")(
        "limit", po::value<std::size_t>()->default_value(100), "at most this many operations");
  }

  void run(Session& session, const po::variables_map& args) const override {
    const std::string& id = connector_argument(args);
    std::optional<store::Store> store;
    try {
      store.emplace(session.options().state_dir);
    } catch (const std::exception& e) {
      throw HostError(ExitCode::state, std::string("cannot open the store: ") + e.what());
    }
    std::size_t failures = 0;
    if (args.count("refresh") != 0) {
      session.connector(id);  // an unknown or disabled connector is refused before any poll
      const auto report = provisioning::poll_operations(
          store->db(), id, session.redactor(), [&] { return session.open(id); }, store::now());
      provisioning::log_poll_report(*session.logger(), report);
      failures = report.failures();
    }

    auto printer = session.printer({{"ID", "id"},
                                    {"KIND", "kind"},
                                    {"TARGET", "target"},
                                    {"PRINCIPAL", "principal"},
                                    {"STATE", "state"},
                                    {"CONFIRMATION", "confirmation"},
                                    {"UPDATED", "updated_at"},
                                    {"DETAIL", "last_detail"}});
    for (const auto& operation :
         store::list_operations(store->db(), id, args["limit"].as<std::size_t>())) {
      printer->print(printable(operation));
    }
    printer->finish();
    if (failures > 0) {
      throw HostError(ExitCode::plugin_call, std::to_string(failures) +
                                                 " pending operation(s) could not be polled; "
                                                 "see their DETAIL");
    }
  }
};

}  // namespace

std::unique_ptr<Command> make_operations_command() { return std::make_unique<OperationsCommand>(); }

}  // namespace connector::host::commands
