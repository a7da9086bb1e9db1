// `validate`: the credentials, then what the server says it supports
// (GET /ServiceProviderConfig, RFC 7643 5), then one read of /Users and /Groups.
#ifndef SCIM_VALIDATE_HPP
#define SCIM_VALIDATE_HPP

#include <connector/sdk.hpp>

#include "config.hpp"
#include "scim_api.hpp"

namespace scim {

// Emits {"check","ok","message"} items; throws (the call fails) when the connector
// cannot work: credentials refused, the server unreachable, or a feature missing.
void validate(http::ApiClient& api, const Config& config, const connector::sdk::Call& call);

}  // namespace scim

#endif  // SCIM_VALIDATE_HPP
