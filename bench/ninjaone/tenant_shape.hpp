// The simulated NinjaOne tenant a benchmark lists or syncs: its four numbers, their
// command-line options, the ninjaone-sim arguments that generate it and a line that
// describes it. Shared by bench/ninjaone, bench/store (sync_bench) and bench/isolation.
#pragma once

#include <boost/program_options/options_description.hpp>

#include <string>
#include <vector>

namespace ninjaone_bench {

struct TenantShape {
  int users = 100'000;  // a tenth of them technicians, the rest end users
  int roles = 2'000;
  int members_per_role = 100;
  int organizations = 20'000;
};

// Adds --users, --roles, --members-per-role and --organizations, stored into `shape`
// (which must outlive the parsing) and defaulting to its values.
void add_tenant_shape_options(boost::program_options::options_description& options,
                              TenantShape& shape);

// ninjaone-sim's generator arguments for the shape: --seed 1 --technicians users/10
// --end-users (the rest) --roles --organizations --members-per-role. The caller
// appends the rest (credentials, latency, threads).
std::vector<std::string> simulator_arguments(const TenantShape& shape);

// eg: "100000 users, 2000 roles x 100 members, 20000 organizations"
std::string describe(const TenantShape& shape);

}  // namespace ninjaone_bench
