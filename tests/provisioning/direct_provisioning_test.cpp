// Direct provisioning end to end: the real connector-host runs the real NinjaOne
// plugin against the real simulator over HTTPS. Each test reads what the host
// printed, what the simulator's request log saw, and the store's audit log.
#define BOOST_TEST_MODULE direct_provisioning
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "rig.hpp"

using namespace provisioning_test;
namespace json = boost::json;

namespace {

std::string text(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

// The single result item of a provisioning command that must have succeeded.
json::object answer(const HostRun& run) {
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  BOOST_TEST_REQUIRE(run.items.size() == 1u);
  return run.items.front();
}

std::vector<std::string> grant_ids(const Rig& rig, std::int64_t role_id) {
  const HostRun run =
      rig.host({"grants", kConnector, "--resource", "role:" + std::to_string(role_id)});
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  std::vector<std::string> ids;
  for (const auto& item : run.items) ids.push_back(text(item, "id"));
  return ids;
}

bool contains(const std::vector<std::string>& all, const std::string& one) {
  return std::find(all.begin(), all.end(), one) != all.end();
}

// Newest first, as `audit` prints them.
std::vector<json::object> audit(const Rig& rig, const char* connector = kConnector) {
  const HostRun run = rig.host({"audit", connector});
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  return run.items;
}

std::vector<json::object> with_method(const std::vector<json::object>& requests,
                                      const std::string& method, const std::string& path) {
  std::vector<json::object> out;
  for (const auto& r : requests) {
    if (text(r, "method") == method && text(r, "path") == path) out.push_back(r);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(grant_and_revoke)

BOOST_AUTO_TEST_CASE(grant_shows_in_grants_and_a_second_grant_sends_no_patch) {
  Rig rig;
  const auto& role = rig.role("TECHNICIAN");
  const auto role_id = role.at("id").to_number<std::int64_t>();
  const auto newcomer = rig.user_not_in("technicians", Rig::member_ids(role));
  const std::string grant_id = role_member(role_id) + ":" + user(newcomer);
  BOOST_TEST(!contains(grant_ids(rig, role_id), grant_id));

  const json::object first = answer(rig.host(
      {"grant", kConnector, "--entitlement", role_member(role_id), "--principal", user(newcomer)}));
  BOOST_TEST(text(first, "status") == "granted");
  BOOST_TEST(!text(first, "request_id").empty());
  BOOST_TEST(contains(grant_ids(rig, role_id), grant_id));

  const json::object second = answer(rig.host(
      {"grant", kConnector, "--entitlement", role_member(role_id), "--principal", user(newcomer)}));
  BOOST_TEST(text(second, "status") == "already_granted");

  const std::string path = "/v2/user/role/" + std::to_string(role_id) + "/add-members";
  const auto patches = with_method(rig.requests(), "PATCH", path);
  BOOST_TEST_REQUIRE(patches.size() == 1u);
  BOOST_TEST(json::parse(text(patches[0], "body")) ==
             json::parse("[" + std::to_string(newcomer) + "]"));
  BOOST_TEST(rig.writes().size() == 1u);

  const auto entries = audit(rig);
  BOOST_TEST_REQUIRE(entries.size() == 2u);
  BOOST_TEST(text(entries[0], "result") == "already_granted");
  BOOST_TEST(text(entries[1], "result") == "granted");
  BOOST_TEST(text(entries[1], "operation") == "grant");
  BOOST_TEST(text(entries[1], "target") == role_member(role_id));
  BOOST_TEST(text(entries[1], "principal") == user(newcomer));
  BOOST_TEST(text(entries[1], "request_id") == text(first, "request_id"));
  BOOST_TEST(entries[1].at("dry_run") == json::value(false));
}

BOOST_AUTO_TEST_CASE(revoke_removes_the_grant_and_a_second_revoke_sends_no_patch) {
  Rig rig;
  const auto& role = rig.role("END_USER");
  const auto role_id = role.at("id").to_number<std::int64_t>();
  const auto member = Rig::member_ids(role).at(0);
  const std::string grant_id = role_member(role_id) + ":" + user(member);
  BOOST_TEST_REQUIRE(contains(grant_ids(rig, role_id), grant_id));

  // --grant is the same as --entitlement with --principal.
  const json::object first = answer(rig.host({"revoke", kConnector, "--grant", grant_id}));
  BOOST_TEST(text(first, "status") == "revoked");
  BOOST_TEST(!contains(grant_ids(rig, role_id), grant_id));

  const json::object second = answer(rig.host(
      {"revoke", kConnector, "--entitlement", role_member(role_id), "--principal", user(member)}));
  BOOST_TEST(text(second, "status") == "already_revoked");

  const std::string path = "/v2/user/role/" + std::to_string(role_id) + "/remove-members";
  BOOST_TEST(with_method(rig.requests(), "PATCH", path).size() == 1u);
  BOOST_TEST(rig.writes().size() == 1u);

  const auto entries = audit(rig);
  BOOST_TEST_REQUIRE(entries.size() == 2u);
  BOOST_TEST(text(entries[0], "result") == "already_revoked");
  BOOST_TEST(text(entries[1], "result") == "revoked");
  BOOST_TEST(text(entries[1], "operation") == "revoke");
  BOOST_TEST(!text(entries[1], "request_id").empty());
}

BOOST_AUTO_TEST_CASE(dry_run_prints_the_patch_and_sends_nothing) {
  Rig rig;
  const auto& role = rig.role("TECHNICIAN");
  const auto role_id = role.at("id").to_number<std::int64_t>();
  const auto newcomer = rig.user_not_in("technicians", Rig::member_ids(role));

  const json::object item =
      answer(rig.host({"grant", kConnector, "--entitlement", role_member(role_id), "--principal",
                       user(newcomer), "--dry-run"}));
  const json::value expected = {
      {"method", "PATCH"},
      {"path", "/v2/user/role/" + std::to_string(role_id) + "/add-members"},
      {"body", json::array{newcomer}}};
  BOOST_TEST(item.at("dry_run") == expected);
  BOOST_TEST(rig.writes().empty());
  BOOST_TEST(!contains(grant_ids(rig, role_id), role_member(role_id) + ":" + user(newcomer)));

  const auto entries = audit(rig);
  BOOST_TEST_REQUIRE(entries.size() == 1u);
  BOOST_TEST(entries[0].at("dry_run") == json::value(true));
  BOOST_TEST(text(entries[0], "result") ==
             "dry_run: PATCH /v2/user/role/" + std::to_string(role_id) + "/add-members");
}

BOOST_AUTO_TEST_CASE(an_ambiguous_failure_is_re_read_and_never_patched_twice) {
  // The simulator applies the PATCH and then resets the connection.
  Rig rig({"--faults", "reset-after-write=1,paths=/v2/user/role,methods=PATCH"});
  const auto& role = rig.role("TECHNICIAN");
  const auto role_id = role.at("id").to_number<std::int64_t>();
  const auto newcomer = rig.user_not_in("technicians", Rig::member_ids(role));

  const json::object item = answer(rig.host(
      {"grant", kConnector, "--entitlement", role_member(role_id), "--principal", user(newcomer)}));
  BOOST_TEST(text(item, "status") == "granted");
  const std::string path = "/v2/user/role/" + std::to_string(role_id) + "/add-members";
  BOOST_TEST(with_method(rig.requests(), "PATCH", path).size() == 1u);
  BOOST_TEST(contains(grant_ids(rig, role_id), role_member(role_id) + ":" + user(newcomer)));
  const auto entries = audit(rig);
  BOOST_TEST_REQUIRE(entries.size() == 1u);
  BOOST_TEST(text(entries[0], "result") == "granted");
}

BOOST_AUTO_TEST_CASE(a_write_proven_not_applied_is_sent_again_a_bounded_number_of_times) {
  // Every PATCH fails with a 500 and is not applied: each is followed by a read of
  // the role, and only that read's "not applied" allows the next send.
  Rig rig({"--faults", "500=1,paths=/v2/user/role,methods=PATCH"});
  const auto& role = rig.role("TECHNICIAN");
  const auto role_id = role.at("id").to_number<std::int64_t>();
  const auto newcomer = rig.user_not_in("technicians", Rig::member_ids(role));

  const HostRun run = rig.host(
      {"grant", kConnector, "--entitlement", role_member(role_id), "--principal", user(newcomer)});
  BOOST_TEST(run.exit_code == 5);
  BOOST_TEST(run.err.find("failed after it was sent, 3 times, and reading the state again shows "
                          "it was NOT applied") != std::string::npos,
             run.err);
  const std::string path = "/v2/user/role/" + std::to_string(role_id) + "/add-members";
  BOOST_TEST(with_method(rig.requests(), "PATCH", path).size() == 3u);
  BOOST_TEST(!contains(grant_ids(rig, role_id), role_member(role_id) + ":" + user(newcomer)));
  // Between two sends, the role was read: never two PATCHes in a row.
  std::string previous;
  for (const auto& request : rig.requests()) {
    const std::string method(request.at("method").as_string());
    if (method == "PATCH") BOOST_TEST(previous != "PATCH");
    if (!std::string_view(request.at("path").as_string()).starts_with("/ws/")) previous = method;
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(refusals)

// Every refusal: non-zero exit, the reason on stderr, no write sent, an audit entry.
void expect_refused(const Rig& rig, const std::vector<std::string>& args, int exit_code,
                    const std::vector<std::string>& reasons, const char* connector = kConnector) {
  const HostRun run = rig.host(args);
  BOOST_TEST(run.exit_code == exit_code, run.err);
  for (const auto& reason : reasons) {
    BOOST_TEST(run.err.find(reason) != std::string::npos, "'" << reason << "' in: " << run.err);
  }
  BOOST_TEST(rig.writes().empty());
  const auto entries = audit(rig, connector);
  BOOST_TEST_REQUIRE(!entries.empty());
  const std::string result = text(entries[0], "result");
  BOOST_TEST((result.rfind("error: ", 0) == 0 || result.rfind("refused: ", 0) == 0), result);
}

BOOST_AUTO_TEST_CASE(each_refusal_sends_no_write) {
  Rig rig;
  const auto& tech_role = rig.role("TECHNICIAN");
  const auto tech_role_id = tech_role.at("id").to_number<std::int64_t>();
  const auto end_user = rig.user_not_in("end_users", {});
  const auto technician = rig.user_not_in("technicians", Rig::member_ids(tech_role));
  constexpr int kPluginCall = 5, kProvisioningRefused = 6;

  // Provisioning disabled in the manifest: refused before the plugin is asked.
  expect_refused(rig,
                 {"grant", kDisabled, "--entitlement", role_member(tech_role_id), "--principal",
                  user(technician)},
                 kProvisioningRefused, {"provisioning is disabled", "\"enabled\": true"},
                 kDisabled);
  BOOST_TEST(rig.requests().empty());

  expect_refused(rig,
                 {"grant", kConnector, "--entitlement", role_member(tech_role_id), "--principal",
                  user(end_user)},
                 kPluginCall, {"FAILED_PRECONDITION", "TECHNICIAN role", "END_USER user"});
  expect_refused(
      rig,
      {"grant", kConnector, "--entitlement", role_member(999999), "--principal", user(technician)},
      kPluginCall, {"NOT_FOUND", "role:999999"});
  expect_refused(rig,
                 {"grant", kConnector, "--entitlement", role_member(tech_role_id), "--principal",
                  user(999999)},
                 kPluginCall, {"NOT_FOUND", "user:999999"});
  const auto org_id =
      rig.fixture().at("organizations").as_array().at(0).at("id").to_number<std::int64_t>();
  expect_refused(
      rig,
      {"grant", kConnector, "--entitlement", "organization:" + std::to_string(org_id) + ":member",
       "--principal", user(end_user)},
      kPluginCall, {"FAILED_PRECONDITION", "read-only", "organization_membership_provisionable"});
  expect_refused(rig,
                 {"revoke", kConnector, "--entitlement", "tenant:127.0.0.1:administrator",
                  "--principal", user(technician)},
                 kPluginCall, {"FAILED_PRECONDITION", "read-only"});
}

BOOST_AUTO_TEST_CASE(configured_organization_membership_moves_the_end_user) {
  Rig rig;
  const auto& organizations = rig.fixture().at("organizations").as_array();
  BOOST_TEST_REQUIRE(organizations.size() >= 2u);
  const auto& end_user = rig.fixture().at("end_users").as_array().at(0).as_object();
  const auto user_id = end_user.at("id").to_number<std::int64_t>();
  const auto current = end_user.at("organizationId").to_number<std::int64_t>();
  std::int64_t target = 0;
  for (const auto& org : organizations) {
    const auto id = org.at("id").to_number<std::int64_t>();
    if (id != current) target = id;
  }
  const std::string entitlement = "organization:" + std::to_string(target) + ":member";

  const json::object item = answer(rig.host(
      {"grant", kOrganizations, "--entitlement", entitlement, "--principal", user(user_id)}));
  BOOST_TEST(text(item, "status") == "granted");
  const auto writes = rig.writes();
  BOOST_TEST_REQUIRE(writes.size() == 1u);
  BOOST_TEST(text(writes[0], "method") == "PATCH");
  BOOST_TEST(text(writes[0], "path") == "/v2/user/end-user/" + std::to_string(user_id));
  BOOST_TEST(json::parse(text(writes[0], "body")) == json::value({{"organizationId", target}}));

  // It cannot leave its only organization.
  const HostRun revoke = rig.host(
      {"revoke", kOrganizations, "--entitlement", entitlement, "--principal", user(user_id)});
  BOOST_TEST(revoke.exit_code == 5);
  BOOST_TEST(revoke.err.find("FAILED_PRECONDITION") != std::string::npos, revoke.err);
  BOOST_TEST(rig.writes().size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_ambiguous_organization_move_is_confirmed_by_a_read) {
  // The simulator applies the move and then resets the connection.
  Rig rig({"--faults", "reset-after-write=1,paths=/v2/user/end-user,methods=PATCH"});
  const auto& organizations = rig.fixture().at("organizations").as_array();
  const auto& end_user = rig.fixture().at("end_users").as_array().at(0).as_object();
  const auto user_id = end_user.at("id").to_number<std::int64_t>();
  const auto current = end_user.at("organizationId").to_number<std::int64_t>();
  std::int64_t target = 0;
  for (const auto& org : organizations) {
    if (const auto id = org.at("id").to_number<std::int64_t>(); id != current) target = id;
  }

  const json::object item = answer(rig.host({"grant", kOrganizations, "--entitlement",
                                             "organization:" + std::to_string(target) + ":member",
                                             "--principal", user(user_id)}));
  BOOST_TEST(text(item, "status") == "granted");
  BOOST_TEST(text(item, "confirmed_by") == "re-read after an ambiguous failure");
  BOOST_TEST(rig.writes().size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(accounts)

void create_and_delete(const json::object& profile, const std::string& post_path,
                       const std::string& delete_prefix, const std::string& query) {
  Rig rig;
  const json::object created = answer(rig.host(
      {"create-account", kConnector, "--type", "user", "--profile", json::serialize(profile)}));
  const std::string id = text(created, "id");
  BOOST_TEST_REQUIRE(id.rfind("user:", 0) == 0u, id);
  BOOST_TEST(text(created, "type") == "user");
  BOOST_TEST(created.at("traits") == json::array{"user"});
  BOOST_TEST(text(created, "display_name") ==
             text(profile, "firstName") + " " + text(profile, "lastName"));
  const auto& listed_profile = created.at("profile").as_object();
  BOOST_TEST(text(listed_profile, "userType") == text(profile, "userType"));
  BOOST_TEST(text(listed_profile, "email") == text(profile, "email"));
  BOOST_TEST(!text(created, "request_id").empty());

  const auto posts = with_method(rig.requests(), "POST", post_path);
  BOOST_TEST_REQUIRE(posts.size() == 1u);
  BOOST_TEST(text(posts[0], "query") == query);

  // The new user is listed like any other.
  const HostRun users = rig.host({"resources", kConnector, "--type", "user"});
  BOOST_TEST_REQUIRE(users.exit_code == 0, users.err);
  BOOST_TEST(std::count_if(users.items.begin(), users.items.end(),
                           [&](const json::object& u) { return text(u, "id") == id; }) == 1);

  const json::object deleted = answer(rig.host({"delete-account", kConnector, "--resource", id}));
  BOOST_TEST(text(deleted, "status") == "deleted");
  const std::string numeric = id.substr(5);
  BOOST_TEST(with_method(rig.requests(), "DELETE", delete_prefix + numeric).size() == 1u);
  const json::object again = answer(rig.host({"delete-account", kConnector, "--resource", id}));
  BOOST_TEST(text(again, "status") == "already_deleted");
  BOOST_TEST(rig.writes().size() == 2u);  // one POST, one DELETE

  const auto entries = audit(rig);
  BOOST_TEST_REQUIRE(entries.size() == 3u);
  BOOST_TEST(text(entries[0], "result") == "already_deleted");
  BOOST_TEST(text(entries[1], "result") == "deleted");
  BOOST_TEST(text(entries[1], "target") == id);
  BOOST_TEST(text(entries[2], "operation") == "create_account");
  BOOST_TEST(text(entries[2], "result") == "created " + id);
}

BOOST_AUTO_TEST_CASE(a_technician_is_created_and_deleted) {
  create_and_delete({{"userType", "TECHNICIAN"},
                     {"firstName", "Grace"},
                     {"lastName", "Hopper"},
                     {"email", "grace.hopper@example.com"},
                     {"phone", "+1-555-0100"}},
                    "/v2/user/technicians", "/v2/user/technician/", "");
}

BOOST_AUTO_TEST_CASE(an_end_user_is_created_and_deleted) {
  Rig probe;  // only for the tenant's first organization id
  const auto org_id =
      probe.fixture().at("organizations").as_array().at(0).at("id").to_number<std::int64_t>();
  create_and_delete({{"userType", "END_USER"},
                     {"firstName", "Katherine"},
                     {"lastName", "Johnson"},
                     {"email", "katherine.johnson@example.com"},
                     {"organizationId", org_id},
                     {"fullPortalAccess", true},
                     {"sendInvitation", true}},
                    "/v2/user/end-users", "/v2/user/end-user/", "sendInvitation=true");
}

BOOST_AUTO_TEST_CASE(a_profile_the_schema_refuses_sends_nothing) {
  Rig rig;
  const HostRun run = rig.host({"create-account", kConnector, "--type", "user", "--profile",
                                R"({"userType":"END_USER","firstName":"A","lastName":"B",)"
                                R"("email":"a.b@example.com"})"});
  BOOST_TEST(run.exit_code == 5);
  BOOST_TEST(run.err.find("INVALID_ARGUMENT") != std::string::npos, run.err);
  BOOST_TEST(run.err.find("organizationId") != std::string::npos, run.err);
  BOOST_TEST(rig.requests().empty());

  const HostRun dry =
      rig.host({"create-account", kConnector, "--type", "user", "--dry-run", "--profile",
                R"({"userType":"TECHNICIAN","firstName":"A","lastName":"B",)"
                R"("email":"a.b@example.com"})"});
  const json::object item = answer(dry);
  BOOST_TEST(
      item.at("dry_run") ==
      json::value(
          {{"method", "POST"},
           {"path", "/v2/user/technicians"},
           {"body", {{"firstName", "A"}, {"lastName", "B"}, {"email", "a.b@example.com"}}}}));
  BOOST_TEST(rig.writes().empty());
  const auto entries = audit(rig);
  BOOST_TEST_REQUIRE(entries.size() == 2u);
  BOOST_TEST(entries[0].at("dry_run") == json::value(true));
  BOOST_TEST(text(entries[1], "result").rfind("error: INVALID_ARGUMENT", 0) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
