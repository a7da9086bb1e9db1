// `grant CONNECTOR --entitlement ENT --principal T:ID [--for DURATION | --until TIME]
// [--timed-even-if-held] [--dry-run]`. With --for or --until the grant is timed: the
// host revokes it when due (provisioning/timed_grants.hpp).
#include <boost/program_options/value_semantic.hpp>

#include <connector/store/point_in_time.hpp>

#include "commands/arguments.hpp"
#include "commands/provisioning.hpp"
#include "commands/store_access.hpp"
#include "common/error.hpp"
#include "manifest/duration.hpp"
#include "provisioning/timed_grants.hpp"
#include "runtime/call_error.hpp"

namespace connector::host::commands {
namespace {

namespace po = boost::program_options;

// --for / --until, checked; none for an untimed grant.
std::optional<provisioning::TimerRequest> timer_request(const po::variables_map& args,
                                                        store::TimePoint now) {
  const std::string for_text = optional_string(args, "for");
  const std::string until_text = optional_string(args, "until");
  const bool even_if_held = args.count("timed-even-if-held") != 0;
  if (for_text.empty() && until_text.empty()) {
    if (even_if_held)
      throw HostError(ExitCode::usage, "grant: --timed-even-if-held goes with --for or --until");
    return std::nullopt;
  }
  if (!for_text.empty() && !until_text.empty())
    throw HostError(ExitCode::usage, "grant: give --for or --until, not both");
  provisioning::TimerRequest request;
  request.even_if_held = even_if_held;
  if (!for_text.empty()) {
    const auto duration = manifest::parse_duration(for_text);
    if (!duration) {
      throw HostError(ExitCode::usage, "--for: '" + for_text + "' is not a duration (" +
                                           std::string(manifest::duration_syntax) + ")");
    }
    if (duration->count() <= 0)
      throw HostError(ExitCode::usage, "--for: a timed grant lasts longer than 0");
    request.duration = std::chrono::duration_cast<std::chrono::milliseconds>(*duration);
    return request;
  }
  store::PointInTime until;
  try {
    until = store::parse_point_in_time(until_text);
  } catch (const std::invalid_argument& e) {
    throw HostError(ExitCode::usage, std::string("--until: ") + e.what());
  }
  if (!std::holds_alternative<store::TimePoint>(until))
    throw HostError(ExitCode::usage, "--until: expected a date or an RFC 3339 time, not a run");
  request.until = std::get<store::TimePoint>(until);
  if (*request.until <= now) {
    throw HostError(ExitCode::usage,
                    "--until: " + store::to_iso8601(*request.until) + " is not in the future");
  }
  return request;
}

// A failed call that may still have granted (the request may have reached the tenant
// before the answer was lost), as opposed to a refusal.
bool outcome_unknown(conn_status status) {
  switch (status) {
    case CONN_UNKNOWN:
    case CONN_CANCELLED:
    case CONN_DEADLINE_EXCEEDED:
    case CONN_ABORTED:
    case CONN_INTERNAL:
    case CONN_UNAVAILABLE:
    case CONN_DATA_LOSS:
      return true;
    default:
      return false;
  }
}

class GrantCommand final : public Command {
 public:
  std::string_view name() const override { return "grant"; }
  std::string_view synopsis() const override {
    return "grant CONNECTOR --entitlement ENT --principal T:ID [--for DURATION | --until TIME] "
           "[--timed-even-if-held] [--dry-run]";
  }
  std::string_view summary() const override {
    return "grant an entitlement to a principal, for good or for a time (needs provisioning "
           "enabled)";
  }
  void declare(CommandOptions& options) const override {
    add_connector_argument(options);
    options.visible.add_options()("entitlement", po::value<std::string>()->required(),
                                  "entitlement id, eg: role:7:member")(
        "principal", po::value<std::string>()->required(), "principal id, eg: user:101")(
        "for", po::value<std::string>()->value_name("DURATION"),
        "a timed grant: revoked by the host after DURATION (eg: 90m, 8h, 2d); granting again "
        "extends it")("until", po::value<std::string>()->value_name("TIME"),
                      "a timed grant: revoked by the host at TIME (2026-11-30T18:00:00Z, or a "
                      "date: its end, UTC)")(
        "timed-even-if-held",
        "with --for/--until: put the timer on the grant even when the principal already "
        "held it without one (by default such a grant stays untimed)")(
        "dry-run",
        "print the requests that would be sent (and the expiry); change nothing "
        "(allowed even when provisioning is disabled)");
  }

  void run(Session& session, const po::variables_map& args) const override {
    const store::TimePoint now = store::now();
    const auto timer = timer_request(args, now);
    const ProvisioningAction action{"grant",
                                    "grant",
                                    args["entitlement"].as<std::string>(),
                                    args["principal"].as<std::string>(),
                                    args.count("dry-run") != 0,
                                    {}};
    const auto& connector = session.connector(connector_argument(args));
    const ProvisioningCall call = [&](runtime::Instance& instance, const runtime::ItemSink& sink) {
      instance.grant(*action.target, *action.principal, action.dry_run, sink);
    };
    if (!timer) {
      run_provisioning(session, connector, action, change_columns(action.dry_run), call);
      return;
    }
    // Timed: the answer is printed once the timer is set, with its expiry.
    store::Store store = open_store(session);
    std::unique_ptr<runtime::Instance> instance;
    const provisioning::ProvisioningEnvironment environment{
        connector, store.db(),
        [&]() -> runtime::Instance& {
          if (!instance) instance = session.open(connector.manifest.id);
          return *instance;
        },
        *session.logger(), session.redactor()};
    // The timer's ids are stored as the audit log stores them, redacted: a secret
    // typed (or pasted) into an id must not stay in the store for good.
    const std::string timer_entitlement = session.redactor().redact(*action.target);
    const std::string timer_principal = session.redactor().redact(*action.principal);
    // The timer is recorded before the plugin writes, so that no crash leaves the grant
    // without it (provisioning/timed_grants.hpp); refused before any call, none is.
    std::optional<std::int64_t> reserved;
    if (!action.dry_run) {
      provisioning::require_provisioning(connector, action.command);
      reserved = provisioning::reserve_timer(store.db(), connector.manifest.id, timer_entitlement,
                                             timer_principal, *timer, now);
    }
    provisioning::ProvisioningResult result;
    try {
      result = provisioning::run_audited(environment, action, call);
    } catch (const runtime::PluginCallError& e) {
      if (reserved && !outcome_unknown(e.status())) {
        store::finish_timed_grant(store.db(), *reserved, store::TimedGrantState::ended,
                                  store::now(), "not set: the grant failed");
      }
      throw;  // an unknown outcome keeps the timer: what landed is revoked at expiry
    } catch (const HostError&) {
      if (reserved) {
        store::finish_timed_grant(store.db(), *reserved, store::TimedGrantState::ended,
                                  store::now(), "not set: the grant failed");
      }
      throw;
    }
    std::vector<output::Column> columns = change_columns(action.dry_run);
    columns.push_back({"EXPIRES AT", "expires_at"});
    columns.push_back({"TIMER", "timer"});
    auto printer = session.printer(std::move(columns));
    for (boost::json::object item : result.items) {
      const std::string status = provisioning::status_of(item);
      if (action.dry_run || status == "granted" || status == "already_granted" ||
          status == "pending") {
        for (auto& field : provisioning::set_timer(store.db(), connector.manifest.id,
                                                   timer_entitlement, timer_principal, status,
                                                   *timer, reserved, now, action.dry_run)) {
          item[field.key()] = field.value();
        }
      }
      printer->print(item);
    }
    printer->finish();
  }
};

}  // namespace

std::unique_ptr<Command> make_grant_command() { return std::make_unique<GrantCommand>(); }

}  // namespace connector::host::commands
