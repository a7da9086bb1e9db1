// `run`: service mode, the scheduler with health and metrics endpoints
// (service/service_runner.hpp).
#include <boost/program_options/value_semantic.hpp>

#include <stdexcept>
#include <string>

#include "commands/command.hpp"
#include "common/error.hpp"
#include "manifest/duration.hpp"
#include "service/http_server.hpp"
#include "service/service_runner.hpp"

namespace connector::host::commands {
namespace {

namespace po = boost::program_options;

service::ServiceOptions to_service_options(const po::variables_map& args) {
  service::ServiceOptions options;
  try {
    options.listen = service::parse_listen_address(args["listen"].as<std::string>());
  } catch (const std::invalid_argument& e) {
    throw HostError(ExitCode::usage, std::string("--listen: ") + e.what());
  }
  const unsigned syncs = args["max-concurrent-syncs"].as<unsigned>();
  if (syncs == 0 || syncs > 64)
    throw HostError(ExitCode::usage, "--max-concurrent-syncs: expected 1 to 64");
  options.max_concurrent_syncs = syncs;
  const std::string& grace = args["grace-period"].as<std::string>();
  // Zero is a valid grace period: syncs are told to stop and the process does not wait.
  const auto grace_period = manifest::parse_duration(grace);
  if (!grace_period) {
    throw HostError(ExitCode::usage, "--grace-period: '" + grace + "' is not a duration (" +
                                         std::string(manifest::duration_syntax) + ")");
  }
  options.grace_period = *grace_period;
  const std::string& format = args["log-format"].as<std::string>();
  const auto log_format = service::parse_log_format(format);
  if (!log_format)
    throw HostError(ExitCode::usage, "--log-format: '" + format + "' is not json or console");
  options.log_format = *log_format;
  if (args.count("port-file")) options.port_file = args["port-file"].as<std::string>();
  const std::string& expire_every = args["expire-every"].as<std::string>();
  const auto expire_period = manifest::parse_duration(expire_every);
  if (!expire_period || expire_period->count() <= 0 || *expire_period > std::chrono::seconds(30)) {
    throw HostError(ExitCode::usage, "--expire-every: '" + expire_every +
                                         "' is not a duration from 1s to 30s (" +
                                         std::string(manifest::duration_syntax) + ")");
  }
  options.timed_grants_every = *expire_period;
  options.once = args.count("once") != 0;
  return options;
}

class RunCommand final : public Command {
 public:
  std::string_view name() const override { return "run"; }
  std::string_view synopsis() const override {
    return "run [--listen ADDR:PORT] [--max-concurrent-syncs N] [--grace-period 10s] [--once] "
           "[--expire-every 30s]";
  }
  std::string_view summary() const override {
    return "service mode: sync connectors on their schedules; serve /healthz, /readyz, /metrics";
  }

  void declare(CommandOptions& options) const override {
    options.visible.add_options()(
        "listen", po::value<std::string>()->default_value("127.0.0.1:9464"),
        "address and port of the health and metrics endpoints (port 0: any free port)")(
        "port-file", po::value<std::string>(), "write the bound port to this file")(
        "max-concurrent-syncs", po::value<unsigned>()->default_value(2),
        "at most this many connectors sync at once")(
        "grace-period", po::value<std::string>()->default_value("10s"),
        "on SIGTERM/SIGINT, how long syncs get to stop before the process exits (0: no wait)")(
        "log-format", po::value<std::string>()->default_value("console"),
        "log lines as console text or json (stderr)")(
        "once", "sync every scheduled connector once, then exit (5 when a sync failed)")(
        "expire-every", po::value<std::string>()->default_value("30s"),
        "how often due timed grants are revoked (1s to 30s; a grant is revoked at most twice "
        "this late)");
  }

  void run(Session& session, const po::variables_map& args) const override {
    const int code = service::run_service(session, to_service_options(args));
    if (code != 0)
      throw HostError(static_cast<ExitCode>(code), "at least one sync failed (see the log)");
  }
};

}  // namespace

std::unique_ptr<Command> make_run_command() { return std::make_unique<RunCommand>(); }

}  // namespace connector::host::commands
