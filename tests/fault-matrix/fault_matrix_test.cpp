// The fault matrix: the real connector-host and NinjaOne plugin against the real
// simulator over HTTPS, one cell per fault kind and one with all of them. In every
// cell a full sync and a grant/revoke cycle run under the fault, and the rules are:
//  - sync: success with exactly the data of a sync without faults, or a non-zero
//    exit with one error line naming the cause, and then the previous good run
//    still current;
//  - grant/revoke: success, or an error naming the cause; the simulator's state
//    agrees with what was reported; never more than one applied PATCH per
//    operation; one audit entry per attempt;
//  - the store passes PRAGMA integrity_check and keeps nothing of a failed run.
// The matrix is printed as a Markdown table.
#define BOOST_TEST_MODULE fault_matrix
#include <boost/json.hpp>
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdint>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>

#include "cell_rig.hpp"
#include "cells.hpp"
#include "matrix_table.hpp"
#include "store_check.hpp"

using namespace fault_matrix;
namespace json = boost::json;
namespace store = connector::store;

namespace {

std::string text(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// --- outcomes ---------------------------------------------------------------------

// The host's "error: ..." lines on stderr (the log lines carry a level tag instead).
std::vector<std::string> error_lines(const std::string& err) {
  std::vector<std::string> found;
  for (const auto& line : lines_of(err)) {
    if (line.starts_with("error: ")) found.push_back(line.substr(7));
  }
  return found;
}

// An error names its cause when it says which request failed and how: the method
// and path, then the HTTP status, what the transport reported ("reading the
// response from ... failed: Connection reset by peer") or what did not parse.
bool names_a_cause(const std::string& message) {
  static const std::regex request(R"((GET|POST|PATCH|PUT|DELETE) /\S+)");
  static const std::regex reason(R"(HTTP [0-9]{3}|answered [0-9]{3}| failed: \S|not (a )?JSON)");
  return std::regex_search(message, request) && std::regex_search(message, reason);
}

// The status a plugin error carries: "plugin 'ninjaone': UNAVAILABLE: ..." gives
// UNAVAILABLE.
std::string status_name(const std::string& message) {
  static const std::regex status(R"(: ([A-Z_]+): )");
  std::smatch match;
  return std::regex_search(message, match, status) ? match[1].str() : "?";
}

// The host prefixes every failed sync alike; the table shows what follows.
std::string without_prefix(const std::string& message) {
  const std::string prefix = std::string("sync of ") + kConnector + " failed: ";
  return message.starts_with(prefix) ? message.substr(prefix.size()) : message;
}

std::string shortened(const std::string& message, std::size_t length) {
  return message.size() <= length ? message : message.substr(0, length) + "…";
}

// The retries the plugin counted (reads tried again, and new tokens after a 401),
// from the summary line it logs when the sync ends: "ninjaone: 9 requests, ...,
// 5 retries, ...".
std::string retries_reported(const std::string& err) {
  static const std::regex summary(R"(ninjaone: [0-9]+ requests, .*, ([0-9]+) retries)");
  std::smatch match;
  return std::regex_search(err, match, summary) ? match[1].str() : "?";
}

std::string export_jsonl(const CellRig& rig) {
  const HostRun run = rig.host({"export", kConnector, "--format", "jsonl"});
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  return run.out;
}

// The first line where two exports differ, for a readable failure.
std::string first_difference(const std::string& expected, const std::string& got) {
  const auto a = lines_of(expected), b = lines_of(got);
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    const std::string x = i < a.size() ? a[i] : "(none)", y = i < b.size() ? b[i] : "(none)";
    if (x != y) return "line " + std::to_string(i + 1) + ": expected " + x + "\n got " + y;
  }
  return "no difference";
}

// --- the simulator's side ---------------------------------------------------------

struct Membership {
  std::int64_t role = 0;
  std::int64_t user = 0;
  std::string entitlement() const { return "role:" + std::to_string(role) + ":member"; }
  std::string principal() const { return "user:" + std::to_string(user); }
  std::string patch_path(bool add) const {
    return "/v2/user/role/" + std::to_string(role) + (add ? "/add-members" : "/remove-members");
  }
};

// The first technician role and the first technician outside it.
Membership pick_membership(const json::object& state) {
  for (const auto& role : state.at("roles").as_array()) {
    if (role.at("type").as_string() != "TECHNICIAN") continue;
    Membership m{role.at("id").to_number<std::int64_t>(), 0};
    for (const auto& tech : state.at("technicians").as_array()) {
      const auto id = tech.at("id").to_number<std::int64_t>();
      const auto& members = role.at("members").as_array();
      if (std::none_of(members.begin(), members.end(), [&](const json::value& member) {
            return member.at("id").to_number<std::int64_t>() == id;
          })) {
        m.user = id;
        return m;
      }
    }
  }
  throw std::runtime_error("the tenant has no technician role with a technician outside it");
}

// How many times the role lists the user: 0 or 1, anything else is a duplicate.
int times_listed(const json::object& state, const Membership& m) {
  for (const auto& role : state.at("roles").as_array()) {
    if (role.at("id").to_number<std::int64_t>() != m.role) continue;
    const auto& members = role.at("members").as_array();
    return static_cast<int>(std::count_if(members.begin(), members.end(), [&](const auto& member) {
      return member.at("id").template to_number<std::int64_t>() == m.user;
    }));
  }
  throw std::runtime_error("role " + std::to_string(m.role) + " is gone");
}

// Whether the simulator carried out a logged request: the faults that answer in
// its place (429, HTML pages, 5xx, malformed) or reset before handling did not;
// reset-after-write did although no status was sent; otherwise a 2xx did.
bool applied(const json::object& request) {
  const std::string fault = text(request, "fault");
  if (fault == "reset-after-write") return true;
  if (!fault.empty() && fault != "slow" && fault != "truncated" && fault != "revoke") return false;
  const auto status = request.at("status").to_number<int>();
  return status >= 200 && status < 300;
}

int applied_patches(const std::vector<json::object>& requests, const std::string& path) {
  return static_cast<int>(std::count_if(requests.begin(), requests.end(), [&](const auto& r) {
    return text(r, "method") == "PATCH" && text(r, "path") == path && applied(r);
  }));
}

// API requests (not /_sim) logged after the first `logged` entries.
std::size_t api_requests_since(const CellRig& rig, std::size_t logged) {
  const auto requests = rig.requests();
  return static_cast<std::size_t>(
      std::count_if(requests.begin() + static_cast<std::ptrdiff_t>(logged), requests.end(),
                    [](const auto& r) { return !text(r, "path").starts_with("/_sim"); }));
}

// Of those, the ones the simulator answered with a fault.
std::size_t faults_since(const CellRig& rig, std::size_t logged) {
  const auto requests = rig.requests();
  return static_cast<std::size_t>(
      std::count_if(requests.begin() + static_cast<std::ptrdiff_t>(logged), requests.end(),
                    [](const auto& r) { return !text(r, "fault").empty(); }));
}

// --- one cell -----------------------------------------------------------------------

// Full error messages and what mixed cells met, printed under the table.
using Notes = std::vector<std::string>;

// Step 2: the sync under the fault, judged against the good run before it.
void faulted_sync(CellRig& rig, const Cell& cell, Row& row, Notes& notes) {
  const HostRun baseline = rig.host({"sync", kConnector});
  BOOST_TEST_REQUIRE(baseline.exit_code == 0, baseline.err);
  const std::string expected = export_jsonl(rig);
  const StoreCheck before = check_store(rig.state_dir(), kConnector);
  BOOST_TEST_REQUIRE(before.latest_good.has_value());

  const std::size_t logged = rig.requests().size();
  rig.set_faults(cell.spec);
  const HostRun sync = rig.host({"sync", kConnector});
  rig.set_faults("");
  const std::size_t sent = api_requests_since(rig, logged), faulted = faults_since(rig, logged);
  row.requests = std::to_string(sent) + " (" + std::to_string(faulted) + " faulted)";
  row.retries = retries_reported(sync.err);
  BOOST_TEST(faulted > 0u, "the fault never hit the sync");

  const StoreCheck after = check_store(rig.state_dir(), kConnector);
  BOOST_TEST_REQUIRE(!after.runs.empty());
  const store::SyncRun& run = after.runs.front();
  const std::string data = export_jsonl(rig);
  if (sync.exit_code == 0) {
    // Success must be a new good run (a quarantined one would hide lost items).
    BOOST_TEST((run.status == store::RunStatus::good), store::to_string(run.status));
    BOOST_TEST((after.latest_good == run.id && run.id != *before.latest_good));
    BOOST_TEST(data == expected, first_difference(expected, data));
    row.sync = data == expected ? "identical" : "MISMATCH";
  } else {
    const auto errors = error_lines(sync.err);
    BOOST_TEST(sync.exit_code == 5, sync.err);
    BOOST_TEST_REQUIRE(errors.size() == 1u, "one error line expected in:\n" << sync.err);
    const std::string message = without_prefix(errors[0]);
    BOOST_TEST(names_a_cause(message), errors[0]);
    BOOST_TEST((run.status == store::RunStatus::failed), store::to_string(run.status));
    BOOST_TEST((after.latest_good == before.latest_good), "the previous good run is not current");
    BOOST_TEST(data == expected, first_difference(expected, data));
    row.sync = "error: " + shortened(message, 60);
    notes.push_back(cell.name + ", sync: " + message);
  }
  BOOST_TEST(after.intact(), after.problems());
  row.store = after.intact() ? "intact" : after.problems();
}

// The outcome of a grant or revoke under the fault: the status, or the error.
std::string provisioning_outcome(const Cell& cell, const char* operation, const HostRun& run,
                                 const std::vector<std::string>& accepted, Notes& notes) {
  if (run.exit_code == 0) {
    const auto items = run.items();
    BOOST_TEST_REQUIRE(items.size() == 1u, run.out);
    const std::string status = text(items[0], "status");
    BOOST_TEST((std::find(accepted.begin(), accepted.end(), status) != accepted.end()),
               operation << " answered " << status);
    return status;
  }
  const auto errors = error_lines(run.err);
  BOOST_TEST_REQUIRE(errors.size() == 1u, "one error line expected in:\n" << run.err);
  BOOST_TEST(names_a_cause(errors[0]), errors[0]);
  notes.push_back(cell.name + ", " + operation + ": " + errors[0]);
  return "error: " + status_name(errors[0]);
}

// Step 3: a grant then a revoke under the fault, each checked with faults off.
void grant_and_revoke(CellRig& rig, const Cell& cell, Row& row, Notes& notes) {
  const Membership m = pick_membership(rig.state());
  const std::vector<std::string> target{"--entitlement", m.entitlement(), "--principal",
                                        m.principal()};
  const auto command = [&](const char* name) {
    std::vector<std::string> args{name, kConnector};
    args.insert(args.end(), target.begin(), target.end());
    return args;
  };

  // Runs one provisioning command under the cell's faults, which must hit it.
  const auto under_faults = [&](const char* name) {
    const std::size_t logged = rig.requests().size();
    rig.set_faults(cell.spec);
    HostRun run = rig.host(command(name));
    rig.set_faults("");
    BOOST_TEST(faults_since(rig, logged) > 0u, "the fault never hit the " << name);
    return run;
  };

  const HostRun grant = under_faults("grant");
  row.grant = provisioning_outcome(cell, "grant", grant, {"granted", "already_granted"}, notes);
  const int after_grant = times_listed(rig.state(), m);
  const int added = applied_patches(rig.requests(), m.patch_path(true));

  const HostRun revoke = under_faults("revoke");
  row.revoke = provisioning_outcome(cell, "revoke", revoke, {"revoked", "already_revoked"}, notes);
  const int after_revoke = times_listed(rig.state(), m);
  const int removed = applied_patches(rig.requests(), m.patch_path(false));

  // The user started outside the role, so the role lists them exactly when an
  // add-members PATCH was applied; a reported success must show in the state.
  BOOST_TEST(after_grant == std::min(added, 1));
  if (row.grant == "granted") BOOST_TEST(after_grant == 1);
  BOOST_TEST(after_revoke == (removed > 0 ? 0 : after_grant));
  if (row.revoke == "revoked" || row.revoke == "already_revoked") BOOST_TEST(after_revoke == 0);
  const int duplicates = std::max(added - 1, 0) + std::max(removed - 1, 0);
  BOOST_TEST(duplicates == 0, added << " add-members and " << removed << " remove-members applied");
  row.duplicates = std::to_string(duplicates);

  // One audit entry per attempt, newest first, each with the outcome it reported.
  const HostRun audit = rig.host({"audit", kConnector});
  BOOST_TEST_REQUIRE(audit.exit_code == 0, audit.err);
  const auto entries = audit.items();
  BOOST_TEST_REQUIRE(entries.size() == 2u, audit.out);
  const auto audited = [](const json::object& entry, const std::string& outcome) {
    const std::string result = text(entry, "result");
    return outcome.starts_with("error") ? result.starts_with("error: ")
                                        : result.starts_with(outcome);
  };
  BOOST_TEST(text(entries[1], "operation") == "grant");
  BOOST_TEST(audited(entries[1], row.grant), text(entries[1], "result"));
  BOOST_TEST(text(entries[0], "operation") == "revoke");
  BOOST_TEST(audited(entries[0], row.revoke), text(entries[0], "result"));
}

// What the run has found so far; printed once every cell ran, failed or not.
struct Matrix {
  std::vector<Row> rows;
  Notes notes;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
};

Matrix& matrix() {
  static Matrix instance;
  return instance;
}

struct PrintMatrixAtTheEnd {
  ~PrintMatrixAtTheEnd() {
    const Matrix& m = matrix();
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::steady_clock::now() - m.start);
    std::cout << "\nFault matrix (" << m.rows.size() << " cells, " << seconds.count() << " s):\n\n"
              << render_table(m.rows) << "\n";
    for (const auto& line : m.notes) std::cout << "- " << line << "\n";
    std::cout << std::flush;
  }
};

}  // namespace

BOOST_TEST_GLOBAL_FIXTURE(PrintMatrixAtTheEnd);

// One test case per cell: a cell that stops early still leaves its row ("-" where
// it did not get to) and the others still run.
BOOST_DATA_TEST_CASE(cell, boost::unit_test::data::xrange(matrix_cells().size()), index) {
  const Cell cell = matrix_cells().at(index);
  BOOST_TEST_MESSAGE("cell " << cell.name << ": " << cell.spec);
  const auto start = std::chrono::steady_clock::now();
  Row& row = matrix().rows.emplace_back(Row{cell.name, "-", "-", "-", "-", "-", "-", "-"});
  Notes& notes = matrix().notes;
  CellRig rig(cell);
  faulted_sync(rig, cell, row, notes);
  grant_and_revoke(rig, cell, row, notes);
  // The grant and revoke wrote to the store too (the audit log).
  const StoreCheck final_check = check_store(rig.state_dir(), kConnector);
  BOOST_TEST(final_check.intact(), final_check.problems());
  if (!final_check.intact()) row.store = final_check.problems();
  // Which kinds a mixed cell met, since the draws decide it.
  std::map<std::string, int> drawn;
  for (const auto& request : rig.requests()) {
    if (const std::string fault = text(request, "fault"); !fault.empty()) ++drawn[fault];
  }
  if (drawn.size() > 1) {
    std::string kinds;
    for (const auto& [kind, times] : drawn) {
      kinds += (kinds.empty() ? "" : ", ") + kind + " x" + std::to_string(times);
    }
    notes.push_back(cell.name + ", faults drawn: " + kinds);
  }
  BOOST_TEST_MESSAGE("cell " << cell.name << " took "
                             << std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::steady_clock::now() - start)
                                    .count()
                             << " ms");
}
