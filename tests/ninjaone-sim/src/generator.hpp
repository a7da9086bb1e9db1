// A deterministic tenant generator: the same parameters always give the same tenant,
// including the hard cases a connector must survive (quotes, backslashes, CJK and
// emoji in names; users without email; disabled users; ids up to 2147483647;
// non-contiguous organization ids).
#pragma once

#include <cstdint>

#include "model.hpp"

namespace ninjaone_sim {

struct GeneratorParams {
  std::uint64_t seed = 1;
  int technicians = 12;
  int end_users = 40;
  int roles = 6;  // alternately technician and end-user roles, technician first
  int organizations = 5;
  int members_per_role = 3;  // capped by the number of users of the role's type
};

// Throws std::invalid_argument for negative counts, or end users without any organization.
Tenant generate_tenant(const GeneratorParams& params);

}  // namespace ninjaone_sim
