#include <boost/test/unit_test.hpp>

#include "generator.hpp"
#include "request_log.hpp"
#include "store.hpp"

using namespace ninjaone_sim;

namespace {

// A tenant small enough to reason about: technicians 101.., end users after them.
Tenant small_tenant() { return generate_tenant(GeneratorParams{3, 4, 6, 2, 2, 2}); }

std::int32_t first_of(const Store& store, UserType type) {
  return store.read([type](const State& s) {
    for (const auto& [id, u] : s.tenant.users) {
      if (u.type == type) return id;
    }
    return 0;
  });
}

std::int32_t role_of(const Store& store, UserType type) {
  return store.read([type](const State& s) {
    for (const auto& [id, r] : s.tenant.roles) {
      if (r.type == type) return id;
    }
    return 0;
  });
}

unsigned status_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ApiError& e) {
    return e.status();
  }
  return 200;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(store)

BOOST_AUTO_TEST_CASE(membership_changes_are_idempotent_and_type_checked) {
  Store store(small_tenant());
  const auto tech = first_of(store, UserType::technician);
  const auto end_user = first_of(store, UserType::end_user);
  const auto tech_role = role_of(store, UserType::technician);
  auto role = store.change_role_members(tech_role, {tech}, true);
  BOOST_TEST(role.members.contains(tech));
  role = store.change_role_members(tech_role, {tech}, true);  // already so: success
  BOOST_TEST(role.members.contains(tech));
  role = store.change_role_members(tech_role, {tech}, false);
  BOOST_TEST(!role.members.contains(tech));
  role = store.change_role_members(tech_role, {tech}, false);  // not a member: success
  BOOST_TEST(status_of([&] { store.change_role_members(tech_role, {end_user}, true); }) == 400u);
  BOOST_TEST(status_of([&] { store.change_role_members(tech_role, {999999}, true); }) == 404u);
  BOOST_TEST(status_of([&] { store.change_role_members(424242, {tech}, true); }) == 404u);
  // A refused batch changes nothing, not even its valid ids.
  BOOST_TEST(status_of([&] {
               store.change_role_members(tech_role, {tech, 999999}, true);
             }) == 404u);
  BOOST_TEST(!store.read(
      [&](const State& s) { return s.tenant.roles.at(tech_role).members.contains(tech); }));
}

BOOST_AUTO_TEST_CASE(users_are_created_updated_and_deleted) {
  Store store(small_tenant());
  const auto org = store.read([](const State& s) { return s.tenant.organizations.begin()->first; });
  NewUser request{"New", "Person", "new.person@example.com", std::nullopt, org, true, false};
  auto user = store.create_user(UserType::end_user, request);
  BOOST_TEST(user.organization_id.value_or(-1) == org);
  BOOST_TEST(status_of([&] { store.create_user(UserType::end_user, request); }) == 400u);
  UserPatch patch;
  patch.last_name = "Renamed";
  BOOST_TEST(store.update_user(user.id, UserType::end_user, patch).last_name == "Renamed");
  BOOST_TEST(status_of([&] { store.update_user(user.id, UserType::technician, patch); }) == 400u);
  const auto role = role_of(store, UserType::end_user);
  store.change_role_members(role, {user.id}, true);
  store.delete_user(user.id, UserType::end_user);
  BOOST_TEST(status_of([&] { store.delete_user(user.id, UserType::end_user); }) == 404u);
  BOOST_TEST(!store.read(
      [&](const State& s) { return s.tenant.roles.at(role).members.contains(user.id); }));
}

BOOST_AUTO_TEST_CASE(tickets_are_checked_and_move_between_statuses) {
  Store store(small_tenant());
  const auto org = store.read([](const State& s) { return s.tenant.organizations.begin()->first; });
  Ticket draft;
  draft.client_id = org;
  draft.ticket_form_id = 1;
  draft.subject = "Grant access";
  draft.status_id = 1000;
  auto ticket = store.create_ticket(draft);
  BOOST_TEST(ticket.id >= 1);
  BOOST_TEST(store.set_ticket_status(ticket.id, "RESOLVED").status_id == 5000);
  BOOST_TEST(status_of([&] { store.set_ticket_status(ticket.id, "DONE-ISH"); }) == 400u);
  draft.client_id = 1;  // no organization has id 1 (ids start at 2)
  BOOST_TEST(status_of([&] { store.create_ticket(draft); }) == 400u);
}

BOOST_AUTO_TEST_CASE(visit_users_after_walks_in_batches) {
  Store store(generate_tenant(GeneratorParams{1, 10, 25, 0, 3, 0}));
  std::optional<std::int32_t> cursor;
  std::vector<std::int32_t> seen;
  for (int guard = 0; guard < 100; ++guard) {
    auto last = store.visit_users_after(cursor, 4,
                                        [&](const State&, const User& u) { seen.push_back(u.id); });
    if (!last) break;
    cursor = last;
  }
  BOOST_TEST(seen.size() == 35u);
  BOOST_TEST(std::is_sorted(seen.begin(), seen.end()));
}

BOOST_AUTO_TEST_CASE(form_secrets_are_masked) {
  BOOST_TEST(mask_form_secrets("grant_type=refresh_token&client_id=a&client_secret=s3cr%2Bt&"
                               "refresh_token=r1&scope=monitoring") ==
             "grant_type=refresh_token&client_id=a&client_secret=***&refresh_token=***&"
             "scope=monitoring");
  BOOST_TEST(mask_form_secrets("code=abc") == "code=***");
}

BOOST_AUTO_TEST_SUITE_END()
