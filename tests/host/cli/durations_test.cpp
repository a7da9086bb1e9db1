// Every duration field, valid and invalid values in one table, through the real
// connector-host: the manifest fields (schedule.sync_every, schedule.jitter,
// store.keep_history) and the
// NinjaOne plugin's config.ticket.expire_after through manifest validation
// (`connectors` reads each manifest, validates its config against the plugin's
// schema and shows the one-line error), and `run --grace-period` through the service
// (a SIGTERM with a zero grace period still ends it cleanly). Zero is accepted where
// it means something (no jitter, no grace) and refused, saying why, where it does not.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/environment.hpp"
#include "support/workspace.hpp"

namespace json = boost::json;
using test_support::required_env;

namespace {

enum class Field { sync_every, jitter, keep_history, expire_after, grace_period };

const char* name_of(Field field) {
  switch (field) {
    case Field::sync_every:
      return "schedule.sync_every";
    case Field::jitter:
      return "schedule.jitter";
    case Field::keep_history:
      return "store.keep_history";
    case Field::expire_after:
      return "config.ticket.expire_after";
    case Field::grace_period:
      return "--grace-period";
  }
  return "?";
}

// One row: a value of a field, and what the host must say: nothing (accepted), or an
// error containing `error`.
struct Row {
  Field field;
  std::string value;
  std::string error;  // empty: accepted
};

constexpr const char* kNotADuration = "is not a duration (a number and s, m, h or d, eg: 30m)";
constexpr const char* kZeroInterval =
    "is zero: a sync interval of zero would start a new sync the moment the last one ends";
constexpr const char* kZeroHistory =
    "is zero: history kept for no time at all would fold every run into the latest state";
constexpr const char* kExpiry =
    "expected a count of at least 1 and a unit (s, m, h or d), eg: 7d, 12h, 30m; not zero, "
    "which would expire every operation the moment it is opened (schema of plugin 'ninjaone')";

const std::vector<Row> kRows{
    // How often a connector syncs: any positive duration; zero is a mistake.
    {Field::sync_every, "1h", ""},
    {Field::sync_every, "90s", ""},
    {Field::sync_every, "2d", ""},
    {Field::sync_every, "0", kZeroInterval},
    {Field::sync_every, "0s", kZeroInterval},
    {Field::sync_every, "0m", kZeroInterval},
    {Field::sync_every, "0d", kZeroInterval},
    {Field::sync_every, "often", kNotADuration},
    {Field::sync_every, "5", kNotADuration},
    {Field::sync_every, "-5m", kNotADuration},
    {Field::sync_every, "+5m", kNotADuration},
    {Field::sync_every, "1.5h", kNotADuration},
    {Field::sync_every, "5 m", kNotADuration},
    {Field::sync_every, "", kNotADuration},
    // A random delay added to each sync: zero is none.
    {Field::jitter, "5m", ""},
    {Field::jitter, "0", ""},
    {Field::jitter, "0s", ""},
    {Field::jitter, "0m", ""},
    {Field::jitter, "0h", ""},
    {Field::jitter, "-1s", kNotADuration},
    {Field::jitter, "5w", kNotADuration},
    {Field::jitter, "none", kNotADuration},
    // How long the store keeps history: a positive age; zero would keep none.
    {Field::keep_history, "400d", ""},
    {Field::keep_history, "12h", ""},
    {Field::keep_history, "0", kZeroHistory},
    {Field::keep_history, "0d", kZeroHistory},
    {Field::keep_history, "1y", kNotADuration},
    {Field::keep_history, "-30d", kNotADuration},
    // How long a ticket-mode operation may stay open (the plugin's schema): never zero.
    {Field::expire_after, "7d", ""},
    {Field::expire_after, "45s", ""},
    {Field::expire_after, "0", kExpiry},
    {Field::expire_after, "0s", kExpiry},
    {Field::expire_after, "0d", kExpiry},
    {Field::expire_after, "7w", kExpiry},
    {Field::expire_after, "-1h", kExpiry},
    // How long syncs get to stop on SIGTERM: zero is "do not wait".
    {Field::grace_period, "10s", ""},
    {Field::grace_period, "0", ""},
    {Field::grace_period, "0s", ""},
    {Field::grace_period, "-1s", "--grace-period: '-1s' " + std::string(kNotADuration)},
    {Field::grace_period, "soon", "--grace-period: 'soon' " + std::string(kNotADuration)},
};

std::vector<std::string> host_command(const host_test::Workspace& workspace) {
  return {host_test::host_executable().string(),
          "--plugins",
          required_env("NINJAONE_PLUGIN_DIR"),
          "--manifests",
          workspace.manifests().string(),
          "--state",
          workspace.state().string(),
          "-o",
          "json"};
}

// A NinjaOne connector with a schedule and a ticket template, one duration replaced.
json::object manifest_with(const Row& row) {
  json::object schedule{{"sync_every", "1h"}, {"jitter", "5m"}};
  json::object ticket{{"organization_id", 1}, {"ticket_form_id", 1}, {"expire_after", "7d"}};
  if (row.field == Field::sync_every) schedule["sync_every"] = row.value;
  if (row.field == Field::jitter) schedule["jitter"] = row.value;
  if (row.field == Field::expire_after) ticket["expire_after"] = row.value;
  json::object store{{"keep_history", "400d"}};
  if (row.field == Field::keep_history) store["keep_history"] = row.value;
  return {{"id", "durations"},
          {"plugin", "ninjaone"},
          {"schedule", std::move(schedule)},
          {"store", std::move(store)},
          {"config",
           {{"region", "us"},
            {"client_id", "duration-test-client"},
            {"client_secret", "duration-test-secret"},
            {"ticket", std::move(ticket)}}}};
}

// What manifest validation says of the connector: "" when it loaded, else its error.
std::string manifest_verdict(const Row& row) {
  host_test::Workspace workspace;
  workspace.write_file("manifests/durations.json", json::serialize(manifest_with(row)));
  std::vector<std::string> command = host_command(workspace);
  command.push_back("connectors");
  const auto result = test_support::run(command);
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const auto lines = host_test::json_lines(result.out);
  BOOST_TEST_REQUIRE(lines.size() == 1u, result.out);
  const json::object& connector = lines.front();
  if (connector.at("status") == "ok") return "";
  BOOST_TEST(connector.at("status") == "error");
  return std::string(connector.at("error").as_string());
}

// What `run --grace-period VALUE` says: "" when the service started and a SIGTERM
// then ended it with status 0, else its error line.
std::string grace_period_verdict(const Row& row) {
  host_test::Workspace workspace;
  std::filesystem::create_directories(workspace.manifests());
  std::vector<std::string> command = host_command(workspace);
  const std::string port_file = (workspace.root() / "port").string();
  command.insert(command.end(), {"run", "--listen", "127.0.0.1:0", "--port-file", port_file,
                                 "--grace-period", row.value});
  test_support::ChildProcess service(command);
  for (int tries = 0; tries < 600 && !std::filesystem::exists(port_file) && service.running();
       ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (std::filesystem::exists(port_file)) service.send_signal(SIGTERM);
  const auto result = service.wait(std::chrono::seconds(30));
  BOOST_TEST_REQUIRE(result.has_value());
  if (result->exit_code == 0) return "";
  BOOST_TEST(result->exit_code == 2, result->err);
  const auto lines = host_test::lines(result->err);
  BOOST_TEST_REQUIRE(lines.size() == 1u, result->err);
  return lines.front();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(durations)

BOOST_AUTO_TEST_CASE(every_duration_field_accepts_zero_only_where_it_means_something) {
  for (const Row& row : kRows) {
    BOOST_TEST_CONTEXT(name_of(row.field) << " = '" << row.value << "'") {
      const std::string verdict =
          row.field == Field::grace_period ? grace_period_verdict(row) : manifest_verdict(row);
      if (row.error.empty()) {
        BOOST_TEST(verdict == "");
      } else {
        BOOST_TEST(verdict.find(row.error) != std::string::npos, verdict);
        // The field is named, and so is the value as written where the host has it.
        if (row.field != Field::expire_after) {
          BOOST_TEST(verdict.find("'" + row.value + "'") != std::string::npos, verdict);
        }
        BOOST_TEST(verdict.find(row.field == Field::grace_period
                                    ? std::string("--grace-period")
                                    : name_of(row.field)) != std::string::npos,
                   verdict);
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
