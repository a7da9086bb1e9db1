// `describe ninjaone` and `init ninjaone` with the real NinjaOne plugin: every
// property of its config schema file is listed (the test reads the file: no list of
// names is kept here), client_secret and refresh_token are secret, the account
// profile's fields are shown, and init's manifest holds every required setting.
//
// CTest sets NINJAONE_PLUGIN_DIR (the directory of libconn_ninjaone.so) and
// NINJAONE_SOURCE_DIR (plugins/ninjaone, where the schema files are).
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "support/console_sections.hpp"
#include "support/environment.hpp"
#include "support/workspace.hpp"

namespace json = boost::json;
using host_test::Workspace;

namespace {

json::value read_schema(const std::string& relative) {
  const std::filesystem::path file =
      std::filesystem::path(test_support::required_env("NINJAONE_SOURCE_DIR")) / relative;
  std::ifstream in(file);
  BOOST_TEST_REQUIRE(in.good(), "cannot read " << file);
  std::ostringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

// Every property of `schema`, nested objects' own as "parent.child", in order.
void collect_properties(const json::object& schema, const std::string& prefix,
                        std::vector<std::string>& out) {
  const json::value* properties = schema.if_contains("properties");
  if (properties == nullptr) return;
  for (const auto& [name, property] : properties->as_object()) {
    const std::string path = prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
    out.push_back(path);
    if (property.is_object()) collect_properties(property.as_object(), path, out);
  }
}

std::vector<std::string> properties_of(const json::value& schema) {
  std::vector<std::string> paths;
  collect_properties(schema.as_object(), "", paths);
  return paths;
}

// connector-host with the NinjaOne plugin's directory as --plugins, in `workspace`.
host_test::HostResult run_with_ninjaone(const Workspace& workspace,
                                        const std::vector<std::string>& args,
                                        std::map<std::string, std::string> environment = {}) {
  std::vector<std::string> command{host_test::host_executable().string(),
                                   "--plugins",
                                   test_support::required_env("NINJAONE_PLUGIN_DIR"),
                                   "--manifests",
                                   "manifests",
                                   "--state",
                                   "state"};
  command.insert(command.end(), args.begin(), args.end());
  return test_support::run(command,
                           {.environment = workspace.host_environment(std::move(environment)),
                            .working_directory = workspace.root()},
                           std::chrono::seconds(30));
}

std::vector<std::string> column(const std::vector<std::map<std::string, std::string>>& rows,
                                const std::string& header) {
  std::vector<std::string> cells;
  for (const auto& row : rows) cells.push_back(row.at(header));
  return cells;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ninjaone_settings)

BOOST_AUTO_TEST_CASE(describe_lists_every_property_of_the_schema_files) {
  Workspace workspace;
  const auto result = run_with_ninjaone(workspace, {"describe", "ninjaone"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const host_test::ConsoleSections sections(result.out);
  BOOST_TEST(sections.value_of("plugin") == "ninjaone");
  BOOST_TEST(sections.value_of("capabilities").find("accounts") != std::string::npos);

  const auto settings = sections.table("Settings");
  BOOST_TEST(column(settings, "FIELD") == properties_of(read_schema("config_schema.json")),
             boost::test_tools::per_element());
  for (const auto& row : settings) {
    const std::string& field = row.at("FIELD");
    const bool secret =
        field == "client_secret" || field == "refresh_token" || field == "proxy.password";
    BOOST_TEST(row.at("SECRET") == (secret ? "yes" : "no"), field);
  }
  const auto client_secret = std::find_if(settings.begin(), settings.end(), [](const auto& row) {
    return row.at("FIELD") == "client_secret";
  });
  BOOST_TEST_REQUIRE((client_secret != settings.end()));
  BOOST_TEST(client_secret->at("TYPE") == "string | {env} | {file}");
  BOOST_TEST(client_secret->at("REQUIRED") == "yes");
  // The schema's if/then and not relate fields; the console says where they are.
  BOOST_TEST(result.out.find("Also rules across fields (not, if/then)") != std::string::npos);

  const auto profile = sections.table("Account profile");
  BOOST_TEST(
      column(profile, "FIELD") == properties_of(read_schema("provisioning/profile_schema.json")),
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(describe_in_json_prints_the_schema_files_as_they_are) {
  Workspace workspace;
  const auto result = run_with_ninjaone(workspace, {"describe", "ninjaone", "-o", "json"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const auto items = host_test::json_lines(result.out);
  BOOST_TEST_REQUIRE(items.size() == 1u);
  const json::object& described = items.front();
  BOOST_TEST(described.at("config_schema") == read_schema("config_schema.json"));
  BOOST_TEST(described.at("profile_schema") == read_schema("provisioning/profile_schema.json"));
  std::vector<std::string> secret;
  for (const auto& field : described.at("config_fields").as_array()) {
    if (field.at("secret").as_bool()) secret.emplace_back(field.at("field").as_string());
  }
  BOOST_TEST(
      secret == (std::vector<std::string>{"client_secret", "refresh_token", "proxy.password"}),
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(init_writes_every_required_setting_and_validate_names_the_placeholders) {
  Workspace workspace;
  const auto made =
      run_with_ninjaone(workspace, {"init", "ninjaone", "--id", "ninjaone-prod", "--file",
                                    "manifests/ninjaone-prod.json", "-o", "json"});
  BOOST_TEST_REQUIRE(made.exit_code == 0, made.err);
  const auto summary = host_test::json_lines(made.out);
  BOOST_TEST_REQUIRE(summary.size() == 1u);
  BOOST_TEST(json::serialize(summary[0].at("environment")) == R"(["NINJAONE_PROD_CLIENT_SECRET"])");

  std::ifstream in(workspace.manifests() / "ninjaone-prod.json");
  std::ostringstream text;
  text << in.rdbuf();
  const json::object manifest = json::parse(text.str()).as_object();
  const json::object& config = manifest.at("config").as_object();
  std::vector<std::string> written;
  for (const auto& member : config) written.emplace_back(member.key());
  std::vector<std::string> required;
  const json::value schema = read_schema("config_schema.json");
  for (const auto& name : schema.at("required").as_array()) {
    required.emplace_back(name.as_string());
  }
  std::sort(written.begin(), written.end());
  std::sort(required.begin(), required.end());
  BOOST_TEST(written == required, boost::test_tools::per_element());
  BOOST_TEST(json::serialize(config.at("client_secret")) ==
             R"({"env":"NINJAONE_PROD_CLIENT_SECRET"})");
  std::vector<std::string> to_fill_in;
  for (const auto& field : summary[0].at("fill_in").as_array()) {
    to_fill_in.emplace_back(field.as_string());
  }
  BOOST_TEST(to_fill_in == (std::vector<std::string>{"config.client_id"}),
             boost::test_tools::per_element());

  // The placeholder is refused before the schema sees it, though client_id accepts
  // any non-empty string, and before the unset secret is looked up.
  const auto checked = run_with_ninjaone(workspace, {"validate", "ninjaone-prod"});
  BOOST_TEST(checked.exit_code == 3);
  BOOST_TEST(checked.err ==
             "error: manifests/ninjaone-prod.json: still to fill in: config.client_id (replace "
             "each \"<fill in: ...>\" placeholder with a value)\n");
}

// Boost.JSON reads a number beyond a double's range (1e400) as an infinity, which it
// would hand the plugin as `Infinity`, not JSON. No config carries one that far: every
// number in the NinjaOne schema is an integer or bounded, so validation names the field.
BOOST_AUTO_TEST_CASE(a_number_beyond_a_doubles_range_is_refused_naming_its_field) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"("timeout": 1e400)", "config.timeout: "},
      {R"("requests_per_minute": 1e400)", "config.requests_per_minute: "},
      {R"("ticket": {"organization_id": 1, "ticket_form_id": -1e400})",
       "config.ticket.ticket_form_id: "},
      {R"("ticket": {"organization_id": 1, "ticket_form_id": 1, "x": 1e400})", "config.ticket: "},
  };
  for (const auto& [field, named] : cases) {
    Workspace workspace;
    workspace.write_file("manifests/huge.json",
                         R"({"id": "huge", "plugin": "ninjaone", "config": {"client_id": "id", )"
                         R"("client_secret": {"env": "HUGE_SECRET"}, )" +
                             field + "}}");
    const auto checked =
        run_with_ninjaone(workspace, {"validate", "huge"}, {{"HUGE_SECRET", "not-printed"}});
    BOOST_TEST(checked.exit_code == 3, field);
    const std::string prefix = "error: connector 'huge' (manifests/huge.json): " + named;
    BOOST_TEST(checked.err.rfind(prefix, 0) == 0u, field << ": " << checked.err);
    BOOST_TEST(host_test::lines(checked.err).size() == 1u, checked.err);
    BOOST_TEST(checked.err.find("Infinity") == std::string::npos, checked.err);
  }
}

BOOST_AUTO_TEST_SUITE_END()
