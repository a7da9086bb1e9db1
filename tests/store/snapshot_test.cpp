// --from-store queries: the latest good run's items, as the plugin emitted them.
#include <boost/test/unit_test.hpp>

#include <sqlite3.h>
#include <algorithm>

#include "connector/store/history.hpp"
#include "connector/store/snapshot.hpp"
#include "store_fixtures.hpp"

using namespace connector::store;
using store_test::TempDir;

namespace {

// The largest number of virtual-machine steps any one statement of `db` took while
// the probe lived: a statement that reads every version of a connector takes at least
// one per version, one answered by an index a few per row it returns.
class StepProbe {
 public:
  explicit StepProbe(Database& db) : db_(db) {
    sqlite3_trace_v2(db_.handle(), SQLITE_TRACE_PROFILE, &StepProbe::profiled, this);
  }
  ~StepProbe() { sqlite3_trace_v2(db_.handle(), 0, nullptr, nullptr); }
  StepProbe(const StepProbe&) = delete;
  StepProbe& operator=(const StepProbe&) = delete;

  int most() const { return most_; }

 private:
  static int profiled(unsigned, void* probe, void* statement, void*) {
    const int steps =
        sqlite3_stmt_status(static_cast<sqlite3_stmt*>(statement), SQLITE_STMTSTATUS_VM_STEP, 0);
    auto* self = static_cast<StepProbe*>(probe);
    self->most_ = std::max(self->most_, steps);
    return 0;
  }

  Database& db_;
  int most_ = 0;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(snapshot)

BOOST_AUTO_TEST_CASE(resources_entitlements_and_grants_of_the_latest_good_run) {
  TempDir dir;
  Store store(dir.path());
  BOOST_TEST(!Snapshot::latest_good(store.db(), "demo").has_value());
  store_test::sync_tenant(store, "demo", store_test::Tenant::with_members(2, 1));
  store_test::sync_tenant(store, "demo", store_test::Tenant::with_members(4, 2));

  const auto snapshot = Snapshot::latest_good(store.db(), "demo");
  BOOST_REQUIRE(snapshot.has_value());
  BOOST_TEST(snapshot->run().counts.resources == 6);

  const auto types = collect([&](auto& visit) { snapshot->resource_types(visit); });
  BOOST_TEST(types == (std::vector<std::string>{store_test::resource_type("role"),
                                                store_test::resource_type("user")}),
             boost::test_tools::per_element());
  const auto roles = collect([&](auto& visit) { snapshot->resources("role", visit); });
  BOOST_TEST(roles == (std::vector<std::string>{store_test::role(1), store_test::role(2)}),
             boost::test_tools::per_element());
  BOOST_TEST(collect([&](auto& visit) { snapshot->resources("user", visit); }).size() == 4u);
  BOOST_TEST(collect([&](auto& visit) { snapshot->resources("", visit); }).size() == 6u);
  BOOST_TEST(collect([&](auto& visit) { snapshot->resources("device", visit); }).empty());

  const auto entitlements = collect([&](auto& visit) { snapshot->entitlements("role:2", visit); });
  BOOST_TEST(entitlements == std::vector<std::string>{store_test::member_entitlement(2)},
             boost::test_tools::per_element());
  // Users 1 and 3 are members of role 2 ((u % 2) + 1).
  const auto grants = collect([&](auto& visit) { snapshot->grants("role:2", visit); });
  BOOST_TEST(grants == (std::vector<std::string>{store_test::member_grant(2, 1),
                                                 store_test::member_grant(2, 3)}),
             boost::test_tools::per_element());
  BOOST_TEST(collect([&](auto& visit) { snapshot->grants("user:1", visit); }).empty());
  BOOST_TEST(collect([&](auto& visit) { snapshot->grants("", visit); }).size() == 4u);
}

BOOST_AUTO_TEST_CASE(grant_texts_come_back_byte_for_byte_whether_or_not_stored_empty) {
  // A grant whose text is exactly {"id","entitlement","principal"} of its own columns
  // is stored with an empty text and rebuilt on reading (item_text.hpp); any other
  // text is stored as it came. Either way, a reader gets the plugin's bytes.
  const std::vector<std::string> rebuilt{
      R"({"id":"role:1:member:user:1","entitlement":"role:1:member","principal":"user:1"})",
      R"({"id":"role:1:member:user:2 [50% /~]","entitlement":"role:1:member","principal":"user:2 [50% /~]"})",
      "{\"id\":\"role:1:member:user:\xc3\xa9\",\"entitlement\":\"role:1:member\",\"principal\":"
      "\"user:\xc3\xa9\"}"};
  const std::vector<std::string> kept{
      // Member order, spacing, another member, an escape, a quote.
      R"({"entitlement":"role:1:member","id":"role:1:member:user:3","principal":"user:3"})",
      R"({"id":"role:1:member:user:4", "entitlement":"role:1:member","principal":"user:4"})",
      R"({"id":"role:1:member:user:5","entitlement":"role:1:member","principal":"user:5","expires":"2027-01-01"})",
      R"({"id":"role:1:member:user:/6","entitlement":"role:1:member","principal":"user:\/6"})",
      R"({"id":"role:1:member:user:\"7\"","entitlement":"role:1:member","principal":"user:\"7\""})"};
  TempDir dir;
  Store store(dir.path());
  auto writer = SyncWriter::begin(store, "demo");
  writer.add_resource(store_test::role(1));
  writer.add_entitlement(store_test::member_entitlement(1));
  for (const auto& grant : rebuilt) writer.add_grant(grant);
  for (const auto& grant : kept) writer.add_grant(grant);
  writer.commit();

  Statement stored(store.db(), "SELECT json FROM item_versions WHERE kind = 3 ORDER BY version");
  std::vector<std::string> texts;
  while (stored.step()) texts.push_back(stored.text(0));
  BOOST_REQUIRE(texts.size() == rebuilt.size() + kept.size());
  for (std::size_t i = 0; i < rebuilt.size(); ++i) BOOST_TEST(texts[i].empty());
  for (std::size_t i = 0; i < kept.size(); ++i) BOOST_TEST(texts[rebuilt.size() + i] == kept[i]);

  std::vector<std::string> expected = rebuilt;
  expected.insert(expected.end(), kept.begin(), kept.end());
  std::sort(expected.begin(), expected.end(), [](const std::string& a, const std::string& b) {
    return boost::json::parse(a).at("id").as_string() < boost::json::parse(b).at("id").as_string();
  });
  const auto snapshot = Snapshot::latest_good(store.db(), "demo");
  const auto all = collect([&](auto& visit) { snapshot->grants("", visit); });
  BOOST_TEST(all == expected, boost::test_tools::per_element());
  const auto of_role = collect([&](auto& visit) { snapshot->grants("role:1", visit); });
  BOOST_TEST(of_role == expected, boost::test_tools::per_element());
  const auto of_user =
      collect([&](auto& visit) { snapshot->grants_of_principal("user:2 [50% /~]", visit); });
  BOOST_TEST(of_user == std::vector<std::string>{rebuilt[1]}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(one_principal_entitlement_or_resource_is_read_through_its_index) {
  // 20,000 users in 400 roles: 40,802 versions, 50 grants a role. Without statistics
  // SQLite would read all of them (through item_versions_by_start) for any of these
  // questions: at least one step each. Through the indexes, each takes about 30 steps
  // per item it returns.
  TempDir dir;
  Store store(dir.path());
  store_test::sync_tenant(store, "demo", store_test::Tenant::with_members(20000, 400));
  const auto snapshot = Snapshot::latest_good(store.db(), "demo");
  const auto steps_of = [&](const auto& ask) {
    const StepProbe probe(store.db());
    const auto found = collect(ask);
    BOOST_TEST(!found.empty());
    return probe.most();
  };
  constexpr int kFewSteps = 10000;
  BOOST_TEST(steps_of([&](auto& visit) { snapshot->grants_of_principal("user:7", visit); }) <
             kFewSteps);
  BOOST_TEST(steps_of([&](auto& visit) {
               snapshot->grants_of_entitlement("role:3:member", visit);
             }) < kFewSteps);
  BOOST_TEST(steps_of([&](auto& visit) { snapshot->entitlements("role:3", visit); }) < kFewSteps);
  BOOST_TEST(steps_of([&](auto& visit) { snapshot->grants("role:3", visit); }) < kFewSteps);
  for (const HistorySubject& subject :
       {HistorySubject{"user:7", {}, {}}, HistorySubject{{}, "role:3:member", {}},
        HistorySubject{{}, {}, "role:3"}}) {
    const StepProbe probe(store.db());
    BOOST_TEST(!history(store.db(), "demo", subject, 0).empty());
    BOOST_TEST(probe.most() < kFewSteps);
  }
}

BOOST_AUTO_TEST_SUITE_END()
