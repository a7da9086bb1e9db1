// Waiting on behalf of a call: in short slices, so a cancelled call stops within a
// fraction of a second, and never past the call's deadline.
#pragma once

#include <connector/sdk.hpp>

#include <chrono>

namespace connector::sdk {

// Sleeps for `duration` unless the call's deadline comes first, in which case it
// returns false at once without sleeping. Throws sdk::Error CANCELLED as soon as the
// call is cancelled.
bool wait_for(const connector::sdk::Call& call, std::chrono::milliseconds duration);

}  // namespace connector::sdk
