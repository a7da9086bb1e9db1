#include "commands/provisioning.hpp"

#include <connector/store/store.hpp>

#include "commands/store_access.hpp"

namespace connector::host::commands {

ProvisioningResult run_provisioning(Session& session, const manifest::ConnectorConfig& connector,
                                    const ProvisioningAction& action,
                                    std::vector<output::Column> columns,
                                    const ProvisioningCall& call) {
  store::Store store = open_store(session);
  auto printer = session.printer(std::move(columns));
  std::unique_ptr<runtime::Instance> instance;
  const provisioning::ProvisioningEnvironment environment{
      connector, store.db(),
      [&]() -> runtime::Instance& {
        if (!instance) instance = session.open(connector.manifest.id);
        return *instance;
      },
      *session.logger()};
  ProvisioningResult result = provisioning::run_audited(
      environment, action, call, [&](boost::json::object&& item) { printer->print(item); });
  printer->finish();
  return result;
}

}  // namespace connector::host::commands
