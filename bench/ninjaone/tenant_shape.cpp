#include "tenant_shape.hpp"

#include <boost/program_options/value_semantic.hpp>

namespace po = boost::program_options;

namespace ninjaone_bench {

void add_tenant_shape_options(po::options_description& options, TenantShape& shape) {
  auto add = options.add_options();
  add("users", po::value(&shape.users)->default_value(shape.users),
      "users (a tenth technicians, the rest end users)");
  add("roles", po::value(&shape.roles)->default_value(shape.roles), "roles");
  add("members-per-role", po::value(&shape.members_per_role)->default_value(shape.members_per_role),
      "members of each role");
  add("organizations", po::value(&shape.organizations)->default_value(shape.organizations),
      "organizations");
}

std::vector<std::string> simulator_arguments(const TenantShape& shape) {
  const int technicians = shape.users / 10;
  return {"--seed",
          "1",
          "--technicians",
          std::to_string(technicians),
          "--end-users",
          std::to_string(shape.users - technicians),
          "--roles",
          std::to_string(shape.roles),
          "--organizations",
          std::to_string(shape.organizations),
          "--members-per-role",
          std::to_string(shape.members_per_role)};
}

std::string describe(const TenantShape& shape) {
  return std::to_string(shape.users) + " users, " + std::to_string(shape.roles) + " roles x " +
         std::to_string(shape.members_per_role) + " members, " +
         std::to_string(shape.organizations) + " organizations";
}

}  // namespace ninjaone_bench
