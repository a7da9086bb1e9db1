// Access reviews end to end: the real connector-host, the real NinjaOne plugin, the
// simulator over HTTPS and the real store. A review of role memberships from start
// to report, the CSV round trip (malformed files refused naming their line, nothing
// recorded), re-decisions kept as evidence, apply twice, apply as a dry run, without
// provisioning, and in ticket mode.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <map>
#include <sstream>

#include "common/csv.hpp"
#include "world.hpp"

using namespace review_test;
namespace json = boost::json;
namespace csv = connector::csv;

namespace {

std::string text(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::filesystem::path& file, const std::string& content) {
  std::ofstream(file, std::ios::binary | std::ios::trunc) << content;
}

// Syncs and starts a review of role memberships; returns its id.
std::int64_t start_role_review(const World& world, const std::string& connector = kConnector) {
  BOOST_TEST_REQUIRE(world.host({"sync", connector}).exit_code == 0);
  const auto started = lines_of(world.host(
      {"review", "start", connector, "--name", "Q4 roles", "--entitlement", "role:*:member"}));
  BOOST_TEST_REQUIRE(started.size() == 1u);
  BOOST_TEST(started[0].at("items") == 5);
  return started[0].at("review").as_int64();
}

std::map<std::string, json::object> items_by_id(const World& world, std::int64_t review,
                                                bool undecided = false) {
  std::vector<std::string> args{"review", "show", std::to_string(review)};
  if (undecided) args.push_back("--undecided");
  std::map<std::string, json::object> items;
  for (auto& item : lines_of(world.host(args))) items.emplace(text(item, "item"), item);
  return items;
}

std::vector<std::string> flags(const json::object& item) {
  std::vector<std::string> out;
  for (const auto& flag : item.at("flags").as_array()) out.emplace_back(flag.as_string());
  return out;
}

// The exported CSV with `decisions` (item -> {decision, reason}) filled in, as a
// spreadsheet saves it: a byte-order mark first, CRLF, the tenant's cells as they were.
std::string filled_in(const std::string& exported,
                      const std::map<std::string, std::pair<std::string, std::string>>& decisions) {
  std::ostringstream out;
  out << "\xEF\xBB\xBF";
  csv::Writer writer(out);
  for (const auto& row : csv::parse(exported)) {
    std::vector<std::string> cells = row.cells;
    const auto decision = decisions.find(std::string(csv::strip_neutralisation(cells[0])));
    if (decision != decisions.end()) {
      cells[9] = decision->second.first;
      cells[10] = decision->second.second;
    }
    for (const auto& cell : cells) writer.cell(cell);  // already neutralised where needed
    writer.end_row();
  }
  return out.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(review_flow)

BOOST_AUTO_TEST_CASE(a_review_of_role_memberships_from_start_to_report) {
  const World world;
  const std::int64_t review = start_role_review(world);
  const std::string id = std::to_string(review);

  const auto listed = lines_of(world.host({"review", "list", kConnector}));
  BOOST_TEST_REQUIRE(listed.size() == 1u);
  BOOST_TEST(listed[0].at("review") == review);
  BOOST_TEST(listed[0].at("undecided") == 5);
  BOOST_TEST(text(listed[0], "state") == "open");

  // Each item with its names, status, since when it is held, and its flags.
  auto items = items_by_id(world, review);
  BOOST_TEST_REQUIRE(items.size() == 5u);
  const auto& ada = items.at(grant_id(kHelpDesk, 1));
  BOOST_TEST(text(ada, "principal_name") == "Ada \"The Countess\" Lovelace");
  BOOST_TEST(text(ada, "email") == "ada@example.com");
  BOOST_TEST(text(ada, "entitlement_name").find("Help desk") != std::string::npos);
  BOOST_TEST(!text(ada, "held_since").empty());
  BOOST_TEST(flags(ada) == std::vector<std::string>{"administrator"});
  BOOST_TEST(flags(items.at(grant_id(kHelpDesk, 2))) ==
             std::vector<std::string>{"mfa_not_configured"});
  BOOST_TEST(flags(items.at(grant_id(kHelpDesk, 3))) == std::vector<std::string>{"disabled"});
  BOOST_TEST(text(items.at(grant_id(kHelpDesk, 3)), "status") == "disabled");
  BOOST_TEST(flags(items.at(grant_id(kAdmins, 4))).empty());

  // The CSV a reviewer fills in: the documented columns, the formula neutralised.
  BOOST_TEST_REQUIRE(
      world.host({"review", "export", id, "--format", "csv", "--file", "review.csv"}).exit_code ==
      0);
  const std::string exported = read_file(world.work() / "review.csv");
  const auto rows = csv::parse(exported);
  BOOST_TEST_REQUIRE(rows.size() == 6u);
  BOOST_TEST(rows[0].cells ==
             (std::vector<std::string>{"item", "entitlement", "entitlement_name", "principal",
                                       "principal_name", "email", "status", "flags", "held_since",
                                       "decision", "reason", "reviewer"}));
  BOOST_TEST(exported.find("\"'=HYPERLINK(\"\"http://0.0.0.0/x\"\") Hopper\"") != std::string::npos,
             exported);

  write_file(world.work() / "decided.csv",
             filled_in(exported, {{grant_id(kHelpDesk, 2), {"revoke", "left the team"}},
                                  {grant_id(kAdmins, 4), {"Revoke", ""}},
                                  {grant_id(kHelpDesk, 1), {"keep", "on call, needs it"}}}));
  const auto decided = lines_of(world.host(
      {"review", "decide", id, "--file", "decided.csv", "--reviewer", "lead@example.com"}));
  BOOST_TEST_REQUIRE(decided.size() == 1u);
  BOOST_TEST(decided[0].at("recorded") == 3);
  BOOST_TEST(items_by_id(world, review, true).size() == 2u);
  items = items_by_id(world, review);
  BOOST_TEST(text(items.at(grant_id(kHelpDesk, 2)), "decision") == "revoke");
  BOOST_TEST(text(items.at(grant_id(kHelpDesk, 2)), "reason") == "left the team");
  BOOST_TEST(text(items.at(grant_id(kHelpDesk, 2)), "reviewer") == "lead@example.com");
  BOOST_TEST(text(items.at(grant_id(kAdmins, 4)), "decision") == "revoke");

  // Apply: the two revokes go through the plugin; the second apply sends nothing.
  const auto applied = lines_of(world.host({"review", "apply", id}));
  BOOST_TEST_REQUIRE(applied.size() == 2u);
  for (const auto& line : applied)
    BOOST_TEST(text(line, "status") == "revoked", json::serialize(line));
  BOOST_TEST(!world.role_has(kHelpDesk, 2));
  BOOST_TEST(!world.role_has(kAdmins, 4));
  BOOST_TEST(world.role_has(kHelpDesk, 1));
  const std::size_t patches = world.requests_to("PATCH", "/v2/user/role/");
  BOOST_TEST(patches == 2u);
  const auto again = lines_of(world.host({"review", "apply", id}));
  BOOST_TEST_REQUIRE(again.size() == 2u);
  for (const auto& line : again) BOOST_TEST(text(line, "status") == "already_revoked");
  BOOST_TEST(world.requests_to("PATCH", "/v2/user/role/") == patches);

  // The audit entries name the review.
  std::size_t from_review = 0;
  for (const auto& entry : lines_of(world.host({"audit", kConnector}))) {
    const json::value* details = entry.if_contains("details");
    if (details == nullptr || !details->is_object()) continue;
    const json::value* origin = details->get_object().if_contains("origin");
    if (origin != nullptr && origin->at("review") == review) {
      ++from_review;
      BOOST_TEST(text(entry, "operation") == "revoke");
      BOOST_TEST(text(entry, "result") == "revoked");
    }
  }
  BOOST_TEST(from_review == 2u);

  // Close freezes the decisions.
  BOOST_TEST(world.host({"review", "close", id}).exit_code == 0);
  const Run late = world.host({"review", "decide", id, "--item", grant_id(kHelpDesk, 3), "--keep"});
  BOOST_TEST(late.exit_code == 2);
  BOOST_TEST(late.err.find("closed") != std::string::npos, late.err);

  // The report: before a sync the revocations await confirmation; after one, confirmed.
  auto report =
      json::parse(world.host({"review", "report", id, "--format", "json"}).out).as_object();
  for (const auto& item : report.at("items").as_array()) {
    if (item.as_object().contains("confirmation"))
      BOOST_TEST(item.at("confirmation").at("status") == "awaiting_sync");
  }
  BOOST_TEST_REQUIRE(world.host({"sync", kConnector}).exit_code == 0);
  report = json::parse(world.host({"review", "report", id, "--format", "json"}).out).as_object();
  BOOST_TEST(report.at("review").at("as_of_run") == 1);
  BOOST_TEST(report.at("review").at("state") == "closed");
  BOOST_TEST(report.at("review").at("scope") == json::array{"role:*:member"});
  const auto& counts = report.at("counts").as_object();
  BOOST_TEST(counts.at("items") == 5);
  BOOST_TEST(counts.at("revoke") == 2);
  BOOST_TEST(counts.at("keep") == 1);
  BOOST_TEST(counts.at("undecided") == 2);
  BOOST_TEST(counts.at("revoked") == 2);
  BOOST_TEST(counts.at("confirmed") == 2);
  for (const auto& value : report.at("items").as_array()) {
    const auto& item = value.as_object();
    if (text(item, "item") != grant_id(kHelpDesk, 2)) continue;
    BOOST_TEST(item.at("application").at("status") == "revoked");
    BOOST_TEST(item.at("confirmation").at("status") == "confirmed");
    BOOST_TEST(item.at("decisions").as_array().size() == 1u);
    BOOST_TEST(item.at("decisions").at(0).at("reviewer") == "lead@example.com");
  }

  // The HTML report: self-contained, every name escaped.
  BOOST_TEST_REQUIRE(
      world.host({"review", "report", id, "--format", "html", "--file", "report.html"}).exit_code ==
      0);
  const std::string html = read_file(world.work() / "report.html");
  BOOST_TEST(html.find("&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien") != std::string::npos);
  BOOST_TEST(html.find("Ada &quot;The Countess&quot; Lovelace") != std::string::npos);
  BOOST_TEST(html.find("山田 太郎 😀") != std::string::npos);
  BOOST_TEST(html.find("<script") == std::string::npos);
  BOOST_TEST(html.find(" src=") == std::string::npos);
  BOOST_TEST(html.find("<link") == std::string::npos);
}

// Access revoked by the review and granted back before the next sync: the report does
// not call the revocation confirmed.
BOOST_AUTO_TEST_CASE(a_revocation_granted_back_is_reported_still_held_after_the_next_sync) {
  const World world;
  const std::int64_t review = start_role_review(world);
  const std::string id = std::to_string(review);
  const std::string item = grant_id(kHelpDesk, 2);
  BOOST_TEST_REQUIRE(
      world.host({"review", "decide", id, "--item", item, "--revoke", "--reviewer", "lead@x.test"})
          .exit_code == 0);
  const auto applied = lines_of(world.host({"review", "apply", id}));
  BOOST_TEST_REQUIRE(applied.size() == 1u);
  BOOST_TEST(text(applied[0], "status") == "revoked");
  BOOST_TEST_REQUIRE(!world.role_has(kHelpDesk, 2));

  // Someone grants it back; the next good sync sees it held again.
  BOOST_TEST_REQUIRE(
      world
          .host({"grant", kConnector, "--entitlement",
                 "role:" + std::to_string(kHelpDesk) + ":member", "--principal", "user:2"})
          .exit_code == 0);
  BOOST_TEST_REQUIRE(world.role_has(kHelpDesk, 2));
  BOOST_TEST_REQUIRE(world.host({"sync", kConnector}).exit_code == 0);
  const auto report =
      json::parse(world.host({"review", "report", id, "--format", "json"}).out).as_object();
  BOOST_TEST(report.at("counts").at("revoked") == 1);
  BOOST_TEST(report.at("counts").at("confirmed") == 0);
  bool seen = false;
  for (const auto& value : report.at("items").as_array()) {
    if (text(value.as_object(), "item") != item) continue;
    seen = true;
    BOOST_TEST(value.at("application").at("status") == "revoked");
    BOOST_TEST(value.at("confirmation").at("status") == "still_held");
    BOOST_TEST(value.at("confirmation").at("run") == 2);
  }
  BOOST_TEST(seen);
}

BOOST_AUTO_TEST_CASE(the_html_export_is_grouped_counted_badged_and_escaped) {
  const World world;
  const std::string id = std::to_string(start_role_review(world));
  const Run page = world.host({"review", "export", id, "--format", "html"});
  BOOST_TEST_REQUIRE(page.exit_code == 0, page.err);
  const std::string& html = page.out;
  BOOST_TEST(html.starts_with("<!DOCTYPE html>"));
  BOOST_TEST(html.find("<b>5</b>items") != std::string::npos);
  BOOST_TEST(html.find("<b>3</b>entitlements") != std::string::npos);
  BOOST_TEST(html.find("Admins &lt;b&gt;") != std::string::npos);
  BOOST_TEST(html.find("class=\"badge b-disabled\">disabled<") != std::string::npos);
  BOOST_TEST(html.find("class=\"badge b-administrator\">administrator<") != std::string::npos);
  BOOST_TEST(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  BOOST_TEST(html.find("山田 太郎 😀") != std::string::npos);
  BOOST_TEST(html.find("<script") == std::string::npos);
  BOOST_TEST(html.find("<b>") != std::string::npos);  // ours; the role's "<b>" is escaped
  BOOST_TEST(html.find("Admins <b>") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(malformed_decision_files_are_refused_naming_the_line_and_record_nothing) {
  const World world;
  const std::int64_t review = start_role_review(world);
  const std::string id = std::to_string(review);
  BOOST_TEST_REQUIRE(
      world.host({"review", "export", id, "--format", "csv", "--file", "r.csv"}).exit_code == 0);
  const std::string exported = read_file(world.work() / "r.csv");
  const std::string good = filled_in(exported, {{grant_id(kHelpDesk, 1), {"keep", ""}}});

  const auto refused = [&](const std::string& content, const std::string& expected) {
    write_file(world.work() / "bad.csv", content);
    const Run run = world.host({"review", "decide", id, "--file", "bad.csv"});
    BOOST_TEST(run.exit_code == 2);
    BOOST_TEST(run.err.find(expected) != std::string::npos, run.err);
    BOOST_TEST(run.err.find("nothing was recorded") != std::string::npos, run.err);
    BOOST_TEST(std::count(run.err.begin(), run.err.end(), '\n') == 1);  // one line
  };
  // A wrong header.
  refused("item,decision\r\n" + grant_id(kHelpDesk, 1) + ",keep\r\n",
          "bad.csv line 1: the header is not item,entitlement,");
  // An unknown item on line 3, after a good line 2.
  std::string unknown = good + "role:99:member:user:1,,,,,,,,,revoke,,\r\n";
  refused(unknown, "line 7: item 'role:99:member:user:1' is not in this review");
  // A bad decision.
  refused(filled_in(exported, {{grant_id(kHelpDesk, 2), {"maybe", ""}}}),
          "decision 'maybe' is not keep or revoke");
  // Broken quoting.
  std::string broken = exported;
  broken.insert(broken.find("\r\n") + 2, "x\"y,");
  refused(broken, "line 2: a quote inside a cell");
  // A row short of cells.
  refused(exported + "only,three,cells\r\n", "line 7: 3 cells where the header has 12");
  // The same item twice.
  const std::string first_row =
      exported.substr(exported.find("\r\n") + 2,
                      exported.find("\r\n", exported.find("\r\n") + 2) - exported.find("\r\n") - 2);
  refused(exported + first_row + "\r\n", "is already on line 2");

  // Nothing of those was recorded.
  BOOST_TEST(items_by_id(world, review, true).size() == 5u);
  // The good file is taken (byte-order mark and all), twice without a second record.
  write_file(world.work() / "good.csv", good);
  auto decided = lines_of(world.host({"review", "decide", id, "--file", "good.csv"}));
  BOOST_TEST(decided.at(0).at("recorded") == 1);
  decided = lines_of(world.host({"review", "decide", id, "--file", "good.csv"}));
  BOOST_TEST(decided.at(0).at("recorded") == 0);
  BOOST_TEST(decided.at(0).at("unchanged") == 1);
  BOOST_TEST(items_by_id(world, review, true).size() == 4u);
}

BOOST_AUTO_TEST_CASE(re_deciding_replaces_the_decision_and_the_report_keeps_both) {
  const World world;
  const std::string id = std::to_string(start_role_review(world));
  const std::string item = grant_id(kHelpDesk, 3);
  BOOST_TEST(world
                 .host({"review", "decide", id, "--item", item, "--revoke", "--reason",
                        "disabled account", "--reviewer", "a@example.com"})
                 .exit_code == 0);
  BOOST_TEST(world
                 .host({"review", "decide", id, "--item", item, "--keep", "--reason",
                        "returns Monday", "--reviewer", "b@example.com"})
                 .exit_code == 0);
  BOOST_TEST(text(items_by_id(world, std::stoll(id)).at(item), "decision") == "keep");
  const auto report =
      json::parse(world.host({"review", "report", id, "--format", "json"}).out).as_object();
  for (const auto& value : report.at("items").as_array()) {
    if (text(value.as_object(), "item") != item) continue;
    const auto& decisions = value.at("decisions").as_array();
    BOOST_TEST_REQUIRE(decisions.size() == 2u);
    BOOST_TEST(decisions[0].at("decision") == "revoke");
    BOOST_TEST(decisions[0].at("reviewer") == "a@example.com");
    BOOST_TEST(decisions[1].at("decision") == "keep");
    BOOST_TEST(decisions[1].at("reason") == "returns Monday");
    BOOST_TEST(!decisions[0].at("time").as_string().empty());
  }
  // Nothing to apply: the revoke was replaced.
  BOOST_TEST(lines_of(world.host({"review", "apply", id})).empty());
  // Usage errors name the cause.
  const Run both = world.host({"review", "decide", id, "--item", item, "--keep", "--revoke"});
  BOOST_TEST(both.exit_code == 2);
  const Run unknown =
      world.host({"review", "decide", id, "--item", "role:1:member:user:9", "--keep"});
  BOOST_TEST(unknown.exit_code == 2);
  BOOST_TEST(unknown.err.find("is not in review") != std::string::npos, unknown.err);
  const Run foreign = world.host({"review", "list", kConnector, "--file", "x"});
  BOOST_TEST(foreign.exit_code == 2);
  BOOST_TEST(foreign.err.find("--file is not one of its options") != std::string::npos,
             foreign.err);
  const Run missing = world.host({"review", "show", "99"});
  BOOST_TEST(missing.exit_code == 2);
  BOOST_TEST(missing.err.find("no review 99") != std::string::npos, missing.err);
}

BOOST_AUTO_TEST_CASE(a_second_review_flags_what_was_granted_since_the_first) {
  const World world;
  start_role_review(world);
  BOOST_TEST_REQUIRE(world
                         .host({"grant", kConnector, "--entitlement", role_member(kHelpDesk),
                                "--principal", user(6)})
                         .exit_code == 0);
  BOOST_TEST_REQUIRE(world.host({"sync", kConnector}).exit_code == 0);
  const auto started = lines_of(
      world.host({"review", "start", kConnector, "--name", "again", "--entitlement", "role:10:*"}));
  const std::int64_t second = started.at(0).at("review").as_int64();
  BOOST_TEST(started.at(0).at("items") == 4);
  const auto items = items_by_id(world, second);
  BOOST_TEST(flags(items.at(grant_id(kHelpDesk, 6))) == std::vector<std::string>{"new"});
  BOOST_TEST(flags(items.at(grant_id(kHelpDesk, 1))) == std::vector<std::string>{"administrator"});
  // --as-of the first run: the grant was not there yet.
  const auto at_first = lines_of(world.host({"review", "start", kConnector, "--name", "then",
                                             "--entitlement", "role:10:*", "--as-of", "1"}));
  BOOST_TEST(at_first.at(0).at("items") == 3);
  BOOST_TEST(at_first.at(0).at("as_of_run") == 1);
  // A glob that matches nothing starts nothing, and says so.
  const Run none = world.host(
      {"review", "start", kConnector, "--name", "typo", "--entitlement", "role:*:membr"});
  BOOST_TEST(none.exit_code == 2);
  BOOST_TEST(none.err.find("no grant of ninja-reviews at run 2 has an entitlement matching "
                           "role:*:membr; nothing was started") != std::string::npos,
             none.err);
  BOOST_TEST(lines_of(world.host({"review", "list", kConnector})).size() == 3u);
  // Errors before any sync or at a run that is not there name the cause.
  const Run no_run = world.host({"review", "start", kConnector, "--name", "x", "--as-of", "99"});
  BOOST_TEST(no_run.exit_code == 2, no_run.err);
  BOOST_TEST(no_run.err.find("99") != std::string::npos, no_run.err);
}

BOOST_AUTO_TEST_CASE(apply_as_a_dry_run_sends_nothing_and_without_provisioning_is_refused) {
  const World world;
  const std::string id = std::to_string(start_role_review(world));
  BOOST_TEST(world.host({"review", "decide", id, "--item", grant_id(kHelpDesk, 2), "--revoke"})
                 .exit_code == 0);
  const auto dry = lines_of(world.host({"review", "apply", id, "--dry-run"}));
  BOOST_TEST_REQUIRE(dry.size() == 1u);
  BOOST_TEST(text(dry[0], "status") == "dry_run");
  BOOST_TEST(dry[0].at("dry_run").at("method") == "PATCH");
  BOOST_TEST(world.requests_to("PATCH", "/v2/") == 0u);
  BOOST_TEST(world.role_has(kHelpDesk, 2));
  BOOST_TEST(
      text(items_by_id(world, std::stoll(id)).at(grant_id(kHelpDesk, 2)), "applied").empty());

  // A review of a connector whose manifest does not enable provisioning.
  const std::string readonly = std::to_string(start_role_review(world, kReadOnly));
  BOOST_TEST(
      world.host({"review", "decide", readonly, "--item", grant_id(kHelpDesk, 2), "--revoke"})
          .exit_code == 0);
  const Run refused = world.host({"review", "apply", readonly});
  BOOST_TEST(refused.exit_code == 6);
  BOOST_TEST(refused.err.find("provisioning is disabled") != std::string::npos, refused.err);
  BOOST_TEST(world.requests_to("PATCH", "/v2/") == 0u);
}

BOOST_AUTO_TEST_CASE(a_failed_revoke_is_recorded_and_only_it_is_tried_again) {
  const World world;
  const std::int64_t review = start_role_review(world);
  const std::string id = std::to_string(review);
  for (const auto& item : {grant_id(kHelpDesk, 2), grant_id(kAdmins, 4)})
    BOOST_TEST_REQUIRE(world.host({"review", "decide", id, "--item", item, "--revoke"}).exit_code ==
                       0);
  // One of them also has a timer (given on top of the access it held).
  BOOST_TEST_REQUIRE(world
                         .host({"grant", kConnector, "--entitlement", role_member(kHelpDesk),
                                "--principal", user(2), "--for", "8h", "--timed-even-if-held"})
                         .exit_code == 0);
  // Every role change fails (500, not applied): both revokes fail, apply says so.
  world.sim().set_faults("500=1,paths=/v2/user/role,methods=PATCH");
  const Run failed = world.host({"review", "apply", id});
  BOOST_TEST(failed.exit_code == 5, failed.err);
  BOOST_TEST(failed.err.find("2 revoke(s) failed; run apply again") != std::string::npos,
             failed.err);
  BOOST_TEST_REQUIRE(failed.items.size() == 2u);
  for (const auto& line : failed.items) {
    BOOST_TEST(text(line, "status") == "failed");
    BOOST_TEST(!text(line, "error").empty());
  }
  BOOST_TEST(world.role_has(kHelpDesk, 2));
  BOOST_TEST(text(items_by_id(world, review).at(grant_id(kHelpDesk, 2)), "applied") == "failed");

  // The tenant is back: the failed ones are tried again, and revoked.
  world.sim().set_faults("");
  const auto retried = lines_of(world.host({"review", "apply", id}));
  BOOST_TEST_REQUIRE(retried.size() == 2u);
  for (const auto& line : retried) BOOST_TEST(text(line, "status") == "revoked");
  BOOST_TEST(!world.role_has(kHelpDesk, 2));
  BOOST_TEST(!world.role_has(kAdmins, 4));
  // The revoke ended the timer: nothing is left for the expiry to do.
  BOOST_TEST(lines_of(world.host({"timed-grants", kConnector})).empty());
  const auto timers = lines_of(world.host({"timed-grants", kConnector, "--all"}));
  BOOST_TEST_REQUIRE(timers.size() == 1u);
  BOOST_TEST(text(timers[0], "outcome") == "revoked by review " + id);
  const std::size_t patches = world.requests_to("PATCH", "/v2/user/role/");
  for (const auto& line : lines_of(world.host({"review", "apply", id})))
    BOOST_TEST(text(line, "status") == "already_revoked");
  BOOST_TEST(world.requests_to("PATCH", "/v2/user/role/") == patches);

  // The report keeps the outcome that counts: revoked, awaiting a sync.
  const auto report =
      json::parse(world.host({"review", "report", id, "--format", "json"}).out).as_object();
  BOOST_TEST(report.at("counts").at("revoked") == 2);
  BOOST_TEST(report.at("counts").at("failed") == 0);
}

BOOST_AUTO_TEST_CASE(apply_in_ticket_mode_opens_one_ticket_and_records_it_pending) {
  const World world(true);
  const std::string id = std::to_string(start_role_review(world));
  BOOST_TEST(world.host({"review", "decide", id, "--item", grant_id(kHelpDesk, 2), "--revoke"})
                 .exit_code == 0);
  const auto applied = lines_of(world.host({"review", "apply", id}));
  BOOST_TEST_REQUIRE(applied.size() == 1u);
  BOOST_TEST(text(applied[0], "status") == "pending", json::serialize(applied[0]));
  BOOST_TEST(applied[0].at("operation").at("kind") == "ticket");
  BOOST_TEST(world.requests_to("POST", "/v2/ticketing/ticket") == 1u);
  BOOST_TEST(world.role_has(kHelpDesk, 2));  // a ticket, not a change
  const auto again = lines_of(world.host({"review", "apply", id}));
  BOOST_TEST_REQUIRE(again.size() == 1u);
  BOOST_TEST(text(again[0], "status") == "pending");
  BOOST_TEST(world.requests_to("POST", "/v2/ticketing/ticket") == 1u);  // no second ticket
  // The operation is followed like any pending one.
  const auto operations = lines_of(world.host({"operations", kConnector}));
  BOOST_TEST_REQUIRE(operations.size() == 1u);
  BOOST_TEST(text(operations[0], "kind") == "revoke");
}

BOOST_AUTO_TEST_SUITE_END()
