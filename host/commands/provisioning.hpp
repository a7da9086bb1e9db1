// What the provisioning commands (grant, revoke, create-account, delete-account) share:
// the audited run of provisioning/audited_change.hpp, with the command's session, its
// printer and its store.
#pragma once

#include <vector>

#include "manifest/connector_catalog.hpp"
#include "output/printer.hpp"
#include "provisioning/audited_change.hpp"
#include "session/session.hpp"

namespace connector::host::commands {

using provisioning::ProvisioningAction;
using provisioning::ProvisioningCall;
using provisioning::ProvisioningResult;
using provisioning::require_provisioning;
using provisioning::split_grant_id;

// provisioning::run_audited with the session's plugin instance and store, printing
// the answered items with `columns`. Throws HostError(state) when the store cannot be
// opened (nothing is sent then: no change goes unaudited).
ProvisioningResult run_provisioning(Session& session, const manifest::ConnectorConfig& connector,
                                    const ProvisioningAction& action,
                                    std::vector<output::Column> columns,
                                    const ProvisioningCall& call);

}  // namespace connector::host::commands
