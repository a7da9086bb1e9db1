// `revoke CONNECTOR (--entitlement ENT --principal T:ID | --grant GRANT_ID) [--dry-run]`.
// A revoke that went through ends the grant's timer (a timed grant's), if any.
#include <boost/program_options/value_semantic.hpp>

#include "commands/arguments.hpp"
#include "commands/provisioning.hpp"
#include "commands/store_access.hpp"
#include "common/error.hpp"
#include "provisioning/timed_grants.hpp"

namespace connector::host::commands {
namespace {

namespace po = boost::program_options;

class RevokeCommand final : public Command {
 public:
  std::string_view name() const override { return "revoke"; }
  std::string_view synopsis() const override {
    return "revoke CONNECTOR (--entitlement ENT --principal T:ID | --grant GRANT_ID) [--dry-run]";
  }
  std::string_view summary() const override {
    return "revoke an entitlement from a principal (needs provisioning enabled)";
  }
  void declare(CommandOptions& options) const override {
    add_connector_argument(options);
    options.visible.add_options()("entitlement", po::value<std::string>(),
                                  "entitlement id, eg: role:7:member")(
        "principal", po::value<std::string>(), "principal id, eg: user:101")(
        "grant", po::value<std::string>(),
        "grant id instead of the two above, eg: role:7:member:user:101")(
        "dry-run",
        "print the requests that would be sent; change nothing "
        "(allowed even when provisioning is disabled)");
  }

  void run(Session& session, const po::variables_map& args) const override {
    std::string entitlement = optional_string(args, "entitlement");
    std::string principal = optional_string(args, "principal");
    const std::string grant = optional_string(args, "grant");
    if (!grant.empty()) {
      if (!entitlement.empty() || !principal.empty()) {
        throw HostError(ExitCode::usage,
                        "revoke: give --grant or --entitlement with --principal, not both");
      }
      std::tie(entitlement, principal) = split_grant_id(grant);
    } else if (entitlement.empty() || principal.empty()) {
      throw HostError(ExitCode::usage,
                      "revoke: --entitlement and --principal (or --grant) are required");
    }
    const ProvisioningAction action{
        "revoke", "revoke", entitlement, principal, args.count("dry-run") != 0, {}};
    const auto& connector = session.connector(connector_argument(args));
    const auto result =
        run_provisioning(session, connector, action, change_columns(action.dry_run),
                         [&](runtime::Instance& instance, const runtime::ItemSink& sink) {
                           instance.revoke(entitlement, principal, action.dry_run, sink);
                         });
    if (action.dry_run) return;
    // A plain revoke ends the grant's timer, if it had one (docs/timed-grants.md); its
    // ids are stored redacted (grant.cpp).
    store::Store store = open_store(session);
    provisioning::end_timer(store.db(), connector.manifest.id,
                            session.redactor().redact(entitlement),
                            session.redactor().redact(principal), store::now());
  }
};

}  // namespace

std::unique_ptr<Command> make_revoke_command() { return std::make_unique<RevokeCommand>(); }

}  // namespace connector::host::commands
