// The resource-syncer base: the ABI's list operations served from resource types, the
// every-resource stream and its TYPE|TOKEN pages, facts shared within a call and a
// walk, and a host that stops early.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <connector/sdk.hpp>
#include <connector/sdk/ids.hpp>
#include <connector/sdk/items.hpp>
#include <connector/sdk/resource_syncer.hpp>
#include <connector/sdk/walk_cache.hpp>

#include <string>
#include <vector>

#include "support/host_calls.hpp"

namespace json = boost::json;
namespace sdk = connector::sdk;
using test_support::RecordingCall;

namespace {

// A toy directory: members (one page) and teams (paged, two per page); each team's
// members come from one "members" source the context fetches at most once per call.
struct Directory {
  std::vector<std::string> members{"ann", "bob"};
  std::vector<std::string> teams{"t1", "t2", "t3"};
  int member_fetches = 0;
};

class Context : public sdk::SyncContext {
 public:
  Context(Directory& directory, const sdk::Call& call, std::shared_ptr<sdk::WalkFacts> walk)
      : SyncContext(call, std::move(walk)), directory_(directory) {}
  const std::vector<std::string>& members() {
    return facts<std::vector<std::string>>("members", [&] {
      ++directory_.member_fetches;
      return directory_.members;
    });
  }
  Directory& directory() { return directory_; }

 private:
  Directory& directory_;
};

class MemberType final : public sdk::ResourceType<Context> {
 public:
  std::string_view id() const override { return "member"; }
  json::object describe() const override {
    return {{"id", "member"}, {"display_name", "Member"}, {"traits", json::array{"user"}}};
  }
  void list_resources(Context& context, sdk::Page&) const override {
    for (const auto& m : context.members()) context.emit({{"id", sdk::ids::resource("member", m)}});
  }
  void list_entitlements(Context&, std::optional<std::string_view>, sdk::Page&) const override {}
  void list_grants(Context&, std::optional<std::string_view>, sdk::Page&) const override {}
};

class TeamType final : public sdk::ResourceType<Context> {
 public:
  std::string_view id() const override { return "team"; }
  json::object describe() const override {
    return {{"id", "team"}, {"display_name", "Team"}, {"traits", json::array{"group"}}};
  }
  void list_resources(Context& context, sdk::Page& page) const override {
    for_page(context, page, [&](const std::string& team) {
      context.emit({{"id", sdk::ids::resource("team", team)}});
    });
  }
  void list_entitlements(Context& context, std::optional<std::string_view> key,
                         sdk::Page& page) const override {
    for_page(context, page, [&](const std::string& team) {
      if (!key || *key == team) {
        context.emit(sdk::entitlement_item(sdk::ids::resource("team", team), "member",
                                           "Member of " + team, "assignment", true));
      }
    });
  }
  void list_grants(Context& context, std::optional<std::string_view> key,
                   sdk::Page& page) const override {
    for_page(context, page, [&](const std::string& team) {
      if (key && *key != team) return;
      const std::string entitlement =
          sdk::ids::entitlement(sdk::ids::resource("team", team), "member");
      for (const auto& m : context.members()) {
        context.emit_grant(entitlement, sdk::ids::resource("member", m));
      }
    });
  }

 private:
  // Two teams per page; the token is the index of the page's first team.
  template <class Each>
  static void for_page(Context& context, sdk::Page& page, Each&& each) {
    const auto& teams = context.directory().teams;
    const std::size_t from = page.token.empty() ? 0 : std::stoul(std::string(page.token));
    const std::size_t to = std::min(teams.size(), from + 2);
    for (std::size_t i = from; i < to; ++i) each(teams[i]);
    if (to < teams.size()) page.next = std::to_string(to);
  }
};

sdk::ResourceSyncer<Context> make_syncer() {
  std::vector<std::unique_ptr<const sdk::ResourceType<Context>>> types;
  types.push_back(std::make_unique<MemberType>());
  types.push_back(std::make_unique<TeamType>());
  return sdk::ResourceSyncer<Context>(std::move(types));
}

// A list request: the resource type, resource id, page token and walk id.
sdk::ListRequest request(std::string_view type = {}, std::string_view id = {},
                         std::string_view token = {}, std::string_view walk = {}) {
  sdk::ListRequest r;
  r.resource_type = type;
  r.resource_id = id;
  r.page_token = token;
  r.walk_id = walk;
  return r;
}

using Listing = void (sdk::ResourceSyncer<Context>::*)(Context&, const sdk::ListRequest&) const;

// One ABI page of `listing`; fills `call`.
void list_page(const sdk::ResourceSyncer<Context>& syncer, Listing listing, Directory& directory,
               RecordingCall& call, const sdk::ListRequest& request,
               std::shared_ptr<sdk::WalkFacts> walk = nullptr) {
  const sdk::Call c = call.call();
  Context context(directory, c, std::move(walk));
  (syncer.*listing)(context, request);
}

std::vector<std::string> ids_of(const RecordingCall& call) {
  std::vector<std::string> ids;
  for (const auto& item : call.items()) ids.emplace_back(item.at("id").as_string());
  return ids;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(resource_syncer)

BOOST_AUTO_TEST_CASE(describes_the_types_in_order) {
  const auto syncer = make_syncer();
  RecordingCall call;
  syncer.list_resource_types(call.call());
  BOOST_TEST(ids_of(call) == (std::vector<std::string>{"member", "team"}),
             boost::test_tools::per_element());
  BOOST_TEST(syncer.find("team") != nullptr);
  BOOST_TEST(syncer.find("nobody") == nullptr);
}

BOOST_AUTO_TEST_CASE(one_type_pages_with_its_own_tokens) {
  const auto syncer = make_syncer();
  Directory directory;
  RecordingCall first;
  list_page(syncer, &sdk::ResourceSyncer<Context>::list_resources, directory, first,
            request("team", "", "", ""));
  BOOST_TEST(ids_of(first) == (std::vector<std::string>{"team:t1", "team:t2"}),
             boost::test_tools::per_element());
  BOOST_TEST(first.next_page.value_or("") == "2");
  RecordingCall second;
  list_page(syncer, &sdk::ResourceSyncer<Context>::list_resources, directory, second,
            request("team", "", "2", ""));
  BOOST_TEST(ids_of(second) == std::vector<std::string>{"team:t3"});
  BOOST_TEST(!second.next_page.has_value());
}

BOOST_AUTO_TEST_CASE(the_every_resource_stream_joins_types_and_resumes_at_type_and_token) {
  const auto syncer = make_syncer();
  Directory directory;
  // Page 1: members (nothing for grants) and the first page of teams, ending where
  // the teams have more.
  RecordingCall first;
  list_page(syncer, &sdk::ResourceSyncer<Context>::list_grants, directory, first, request());
  BOOST_TEST(first.items().size() == 4u);  // t1, t2 × ann, bob
  BOOST_TEST(first.next_page.value_or("") == "team|2");
  BOOST_TEST(directory.member_fetches == 1);  // once for the call, not once per team
  RecordingCall second;
  list_page(syncer, &sdk::ResourceSyncer<Context>::list_grants, directory, second,
            request("", "", "team|2", ""));
  BOOST_TEST(ids_of(second) == (std::vector<std::string>{"team:t3:member:member:ann",
                                                         "team:t3:member:member:bob"}),
             boost::test_tools::per_element());
  BOOST_TEST(!second.next_page.has_value());
  BOOST_TEST(directory.member_fetches == 2);  // a new call outside a walk fetches again
}

BOOST_AUTO_TEST_CASE(calls_of_one_walk_fetch_a_source_once) {
  const auto syncer = make_syncer();
  Directory directory;
  sdk::WalkCache walks;
  for (int i = 0; i < 3; ++i) {
    RecordingCall call;
    list_page(syncer, &sdk::ResourceSyncer<Context>::list_resources, directory, call,
              request("member", "", "", "w"), walks.walk("w"));
    BOOST_TEST(call.items().size() == 2u);
  }
  BOOST_TEST(directory.member_fetches == 1);
}

BOOST_AUTO_TEST_CASE(one_resource_by_its_id) {
  const auto syncer = make_syncer();
  Directory directory;
  RecordingCall call;
  list_page(syncer, &sdk::ResourceSyncer<Context>::list_entitlements, directory, call,
            request("", "team:t2", "", ""));
  BOOST_TEST(ids_of(call) == std::vector<std::string>{"team:t2:member"});
  BOOST_TEST(call.only_item().at("provisionable") == true);
}

BOOST_AUTO_TEST_CASE(bad_requests_are_refused_naming_what_is_wrong) {
  const auto syncer = make_syncer();
  Directory directory;
  const auto refusal = [&](Listing listing, const sdk::ListRequest& request) {
    RecordingCall call;
    try {
      list_page(syncer, listing, directory, call, request);
    } catch (const sdk::Error& e) {
      BOOST_TEST(e.status() == CONN_INVALID_ARGUMENT);
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  BOOST_TEST(refusal(&sdk::ResourceSyncer<Context>::list_resources, request("robot", "", "", "")) ==
             "unknown resource type 'robot' (known: member, team)");
  BOOST_TEST(refusal(&sdk::ResourceSyncer<Context>::list_grants, request("", "", "nobar", "")) ==
             "bad page token");
  BOOST_TEST(refusal(&sdk::ResourceSyncer<Context>::list_grants, request("", "", "robot|1", "")) ==
             "bad page token");
  BOOST_TEST(refusal(&sdk::ResourceSyncer<Context>::list_grants, request("", "team", "", "")) ==
             "'team' is not a resource id (TYPE:ID)");
}

BOOST_AUTO_TEST_CASE(a_host_that_wants_no_more_ends_the_listing_without_a_next_page) {
  const auto syncer = make_syncer();
  Directory directory;
  RecordingCall call;
  call.stop_after = 3;
  list_page(syncer, &sdk::ResourceSyncer<Context>::list_grants, directory, call, request());
  BOOST_TEST(call.items().size() == 3u);
  BOOST_TEST(!call.next_page.has_value());
  BOOST_TEST(call.fail_count == 0);
}

BOOST_AUTO_TEST_SUITE_END()
