// A server that caps pageSize answers fewer organizations than asked while more
// follow; that must cost requests, never organizations. connector-host with the real
// plugin, against the simulator over HTTPS with --max-page-size 1, 5 and 1000 and with
// no cap, lists a 23-organization tenant: `resources`, `grants --resource
// organization:O` and a `sync` (and what the store then answers) hold every
// organization exactly once and every end user's organization grant, and the
// organizations are read page by page until the EMPTY page that ends the listing.
#define BOOST_TEST_MODULE ninjaone_page_caps
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "support/expected_tenant.hpp"
#include "support/host_rig.hpp"

using namespace ninjaone_test;
using test_support::HostRig;
using test_support::ProcessResult;
namespace json = boost::json;

namespace {

constexpr const char* kSecret = "cap-S3cret-NinjaOne-41d7";
constexpr const char* kConnector = "ninjaone-capped";
constexpr std::size_t kOrganizations = 23;
constexpr std::size_t kPluginPageSize = 1000;  // what the plugin asks for

// Two end users in each organization (the generator spreads them round-robin).
const std::vector<std::string> kTenant{
    "--seed",  "17", "--technicians",   "4",  "--end-users",        "46",
    "--roles", "3",  "--organizations", "23", "--members-per-role", "2"};

std::vector<std::string> sim_args(std::optional<std::size_t> cap) {
  std::vector<std::string> args = kTenant;
  if (cap) args.insert(args.end(), {"--max-page-size", std::to_string(*cap)});
  return args;
}

std::string cap_name(std::optional<std::size_t> cap) {
  return cap ? "--max-page-size " + std::to_string(*cap) : std::string("no cap");
}

// The organization pages one listing reads: the full (or capped) pages, then the empty one.
std::size_t pages_for(std::optional<std::size_t> cap) {
  const std::size_t per_page = cap ? std::min(*cap, kPluginPageSize) : kPluginPageSize;
  return (kOrganizations + per_page - 1) / per_page + 1;
}

// Runs connector-host and returns its JSON lines; a failed run fails the test.
std::vector<json::value> json_lines(const HostRig& rig, const std::vector<std::string>& args) {
  const ProcessResult run = rig.host(args);
  BOOST_TEST_REQUIRE(run.exit_code == 0, args.front() << ": " << run.err);
  BOOST_TEST(run.out.find(kSecret) == std::string::npos);
  BOOST_TEST(run.err.find(kSecret) == std::string::npos);
  std::vector<json::value> lines;
  std::istringstream text(run.out);
  for (std::string line; std::getline(text, line);) {
    if (!line.empty()) lines.push_back(json::parse(line));
  }
  return lines;
}

// The same items, each once, as `expected` holds them.
void check_items(const std::vector<json::value>& items, const ItemsById& expected,
                 const std::string& what) {
  std::vector<std::string> duplicates;
  const ItemsById listed = by_id(items, &duplicates);
  BOOST_TEST(duplicates.empty(), what << ": " << duplicates.size() << " listed twice, eg "
                                      << (duplicates.empty() ? "" : duplicates.front()));
  BOOST_TEST(listed.size() == expected.size(),
             what << ": " << listed.size() << " items, expected " << expected.size());
  for (const auto& [id, item] : expected) {
    const auto found = listed.find(id);
    BOOST_TEST((found != listed.end() && found->second == item),
               what << ": missing or different " << json::serialize(item));
  }
}

// GET /v2/organizations requests logged from index `from` on.
std::size_t organization_pages_read(const HostRig& rig, std::size_t from) {
  const std::vector<json::value> requests = rig.sim().requests();
  std::size_t pages = 0;
  for (std::size_t i = from; i < requests.size(); ++i) {
    if (requests[i].at("path") == "/v2/organizations") ++pages;
  }
  return pages;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_organization_once_whatever_the_server_s_page_cap) {
  for (const std::optional<std::size_t> cap :
       {std::optional<std::size_t>(1), std::optional<std::size_t>(5),
        std::optional<std::size_t>(1000), std::optional<std::size_t>()}) {
    BOOST_TEST_CONTEXT(cap_name(cap)) {
      HostRig rig(sim_args(cap), kSecret);
      rig.write_manifest("capped.json", kConnector, false);
      ExpectOptions options;
      options.base_url = rig.sim().base_url();
      const ExpectedTenant expected =
          expected_from_fixture(test_support::Simulator::dump_fixture(kTenant), options);
      const ItemsById& organizations = expected.resources_by_type.at("organization");
      BOOST_TEST_REQUIRE(organizations.size() == kOrganizations);

      // resources: every organization once, read page by page to the empty page.
      std::size_t logged = rig.sim().requests().size();
      check_items(json_lines(rig, {"resources", kConnector, "--type", "organization"}),
                  organizations, "resources");
      BOOST_TEST(organization_pages_read(rig, logged) == pages_for(cap));

      // grants --resource organization:O: both end users of each organization.
      std::size_t organization_grants = 0;
      for (const auto& [id, organization] : organizations) {
        const ItemsById wanted = where(expected.grants, "entitlement", id + ":member");
        BOOST_TEST(wanted.size() == 2u, id);
        organization_grants += wanted.size();
        check_items(json_lines(rig, {"grants", kConnector, "--resource", id}), wanted,
                    "grants of " + id);
      }
      BOOST_TEST(organization_grants == 2 * kOrganizations);

      // sync: one walk reads each page once (the entitlements come from the walk), and
      // the store then holds the whole tenant.
      logged = rig.sim().requests().size();
      const std::vector<json::value> sync = json_lines(rig, {"sync", kConnector});
      BOOST_TEST_REQUIRE(sync.size() == 1u);
      BOOST_TEST(sync.front().at("status") == "good");
      BOOST_TEST(sync.front().at("entitlements").to_number<std::size_t>() ==
                 expected.entitlements.size());
      BOOST_TEST(sync.front().at("grants").to_number<std::size_t>() == expected.grants.size());
      BOOST_TEST(organization_pages_read(rig, logged) == pages_for(cap));
      check_items(
          json_lines(rig, {"resources", kConnector, "--type", "organization", "--from-store"}),
          organizations, "stored organizations");
      check_items(json_lines(rig, {"entitlements", kConnector, "--from-store"}),
                  expected.entitlements, "stored entitlements");
      check_items(json_lines(rig, {"grants", kConnector, "--from-store"}), expected.grants,
                  "stored grants");
    }
  }
}

// A server without keyset paging answers every page from the first organization. Read
// until an empty page, that would never end: the listing fails on the second page,
// naming the request and the cause, and a sync fails with it, storing nothing.
BOOST_AUTO_TEST_CASE(a_server_that_ignores_after_fails_the_listing_instead_of_reading_for_ever) {
  for (const std::optional<std::size_t> cap :
       {std::optional<std::size_t>(5), std::optional<std::size_t>()}) {
    BOOST_TEST_CONTEXT(cap_name(cap)) {
      std::vector<std::string> args = sim_args(cap);
      args.emplace_back("--ignore-after");
      HostRig rig(args, kSecret);
      rig.write_manifest("capped.json", kConnector, false);
      const std::string cause = ": the server does not page by `after`";

      const std::size_t logged = rig.sim().requests().size();
      const ProcessResult listed = rig.host({"resources", kConnector, "--type", "organization"});
      BOOST_TEST(listed.exit_code != 0);
      BOOST_TEST(listed.err.find("GET /v2/organizations?pageSize=1000&after=") != std::string::npos,
                 listed.err);
      BOOST_TEST(listed.err.find(cause) != std::string::npos, listed.err);
      BOOST_TEST(std::count(listed.err.begin(), listed.err.end(), '\n') == 1, listed.err);
      BOOST_TEST(organization_pages_read(rig, logged) == 2u);  // the first, then its repeat

      const ProcessResult synced = rig.host({"sync", kConnector});
      BOOST_TEST(synced.exit_code != 0);
      BOOST_TEST(synced.err.find(cause) != std::string::npos, synced.err);
      const ProcessResult stored =
          rig.host({"resources", kConnector, "--type", "organization", "--from-store"});
      BOOST_TEST(stored.exit_code != 0, "a failed sync stored nothing: " << stored.out);
      BOOST_TEST(stored.out.empty());
      BOOST_TEST(listed.err.find(kSecret) == std::string::npos);
      BOOST_TEST(synced.err.find(kSecret) == std::string::npos);
    }
  }
}
