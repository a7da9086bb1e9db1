// The `validate` operation: can this connector work with its credentials?
#ifndef NINJAONE_VALIDATE_HPP
#define NINJAONE_VALIDATE_HPP

#include <connector/sdk.hpp>

#include "api/ninjaone_api.hpp"
#include "config.hpp"

namespace ninjaone {

// Emits {"check":"credentials","ok":..,"message":..}, then one {"check":"scope:NAME",..}
// per configured scope: `monitoring` by a cheap read (one organization), the others
// from the scope the token endpoint granted. When the token endpoint refuses the
// scope set as a whole (invalid_scope), each scope is asked for alone to name the
// missing ones. Throws PERMISSION_DENIED naming the missing scopes, or the
// credentials' own error.
void validate(client::ApiClient& api, const Config& config, const connector::sdk::Call& call,
              const connector::sdk::Host& host);

}  // namespace ninjaone

#endif  // NINJAONE_VALIDATE_HPP
