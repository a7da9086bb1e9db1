// The replies that stand in for the real one when a fault is injected before the
// request is applied (429, HTML rate-limit pages, 5xx, malformed JSON).
#pragma once

#include <optional>

#include "faults.hpp"
#include "reply.hpp"

namespace ninjaone_sim {

// True for the kinds whose reply replaces handling altogether (request NOT applied).
bool replaces_handling(FaultKind kind);
// The reply for such a kind.
Reply fault_reply(FaultKind kind, const FaultSpec& spec);

}  // namespace ninjaone_sim
