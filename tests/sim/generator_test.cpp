#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <limits>

#include "generator.hpp"
#include "model_json.hpp"

using namespace ninjaone_sim;
namespace json = boost::json;

BOOST_AUTO_TEST_SUITE(generator)

BOOST_AUTO_TEST_CASE(same_seed_same_tenant_other_seed_other_tenant) {
  GeneratorParams p;
  const auto a = json::serialize(tenant_to_json(generate_tenant(p)));
  const auto b = json::serialize(tenant_to_json(generate_tenant(p)));
  BOOST_TEST(a == b);
  p.seed = 2;
  BOOST_TEST(a != json::serialize(tenant_to_json(generate_tenant(p))));
}

BOOST_AUTO_TEST_CASE(counts_follow_the_parameters) {
  GeneratorParams p{7, 9, 30, 5, 4, 3};
  const auto t = generate_tenant(p);
  int techs = 0, end_users = 0;
  for (const auto& [id, u] : t.users) (u.type == UserType::technician ? techs : end_users)++;
  BOOST_TEST(techs == 9);
  BOOST_TEST(end_users == 30);
  BOOST_TEST(t.roles.size() == 5u);
  BOOST_TEST(t.organizations.size() == 4u);
  for (const auto& [id, role] : t.roles) BOOST_TEST(role.members.size() == 3u);
}

BOOST_AUTO_TEST_CASE(hard_cases_are_present) {
  const auto t = generate_tenant(GeneratorParams{});
  bool quote = false, backslash = false, cjk = false, emoji = false, no_email = false,
       disabled = false, admin = false, non_admin = false;
  for (const auto& [id, u] : t.users) {
    const auto name = u.first_name + u.last_name;
    quote |= name.find('"') != std::string::npos;
    backslash |= name.find('\\') != std::string::npos;
    cjk |= name.find("\u738b") != std::string::npos;
    emoji |= name.find("\U0001F600") != std::string::npos;
    no_email |= !u.email;
    disabled |= !u.enabled;
    if (u.type == UserType::technician) (u.administrator ? admin : non_admin) = true;
  }
  BOOST_TEST(quote);
  BOOST_TEST(backslash);
  BOOST_TEST(cjk);
  BOOST_TEST(emoji);
  BOOST_TEST(no_email);
  BOOST_TEST(disabled);
  BOOST_TEST(admin);
  BOOST_TEST(non_admin);
  BOOST_TEST(t.users.rbegin()->first == std::numeric_limits<std::int32_t>::max());
}

BOOST_AUTO_TEST_CASE(roles_of_both_types_hold_members_of_their_type_only) {
  const auto t = generate_tenant(GeneratorParams{});
  bool tech_role = false, end_user_role = false;
  for (const auto& [id, role] : t.roles) {
    (role.type == UserType::technician ? tech_role : end_user_role) = true;
    for (const auto& [member, m] : role.members) BOOST_TEST((t.users.at(member).type == role.type));
  }
  BOOST_TEST(tech_role);
  BOOST_TEST(end_user_role);
}

BOOST_AUTO_TEST_CASE(organization_ids_have_gaps_and_end_users_spread_over_them) {
  const auto t = generate_tenant(GeneratorParams{});
  std::int32_t previous = -1;
  for (const auto& [id, org] : t.organizations) {
    if (previous >= 0) BOOST_TEST(id - previous >= 2);
    previous = id;
  }
  std::map<std::int32_t, int> per_org;
  for (const auto& [id, u] : t.users) {
    if (u.type == UserType::end_user) per_org[*u.organization_id]++;
  }
  BOOST_TEST(per_org.size() == t.organizations.size());
}

BOOST_AUTO_TEST_CASE(fixture_round_trips) {
  const auto original = tenant_to_json(generate_tenant(GeneratorParams{}));
  const auto reread = tenant_to_json(tenant_from_json(original));
  BOOST_TEST(json::serialize(original) == json::serialize(reread));
}

BOOST_AUTO_TEST_CASE(fixture_with_cross_type_member_is_refused) {
  auto fixture = json::parse(R"({"technicians":[{"id":1,"firstName":"a","lastName":"b"}],
    "end_users":[],"organizations":[],
    "roles":[{"id":5,"name":"r","type":"END_USER","members":[{"id":1}]}]})");
  BOOST_CHECK_THROW(tenant_from_json(fixture), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(fixture_without_statuses_gets_the_defaults) {
  const auto t = tenant_from_json(json::parse(R"({"technicians":[]})"));
  BOOST_REQUIRE(t.ticket_statuses.size() == 6u);
  BOOST_TEST(t.ticket_statuses[4].name == "RESOLVED");
  BOOST_TEST(t.ticket_statuses[4].status_id == 5000);
  BOOST_TEST(t.ticket_forms.at(0).id == 1);
}

BOOST_AUTO_TEST_SUITE_END()
