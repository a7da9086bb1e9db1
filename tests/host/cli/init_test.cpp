// `init PLUGIN --id ID`: a new connector's manifest, from the fixture plugin's schema,
// through the real binary, and the way to a connector that works: validate names
// the placeholders, then the unset secret, then passes on the still disabled
// connector, which other commands refuse until it is enabled.
#include <sys/stat.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

#include "support/workspace.hpp"

namespace json = boost::json;
using host_test::Workspace;

namespace {

std::string content_of(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

constexpr const char* kPlaceholderError =
    "error: manifests/fixture-new.json: still to fill in: config.fixture_file (replace each "
    "\"<fill in: ...>\" placeholder with a value)\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(init)

BOOST_AUTO_TEST_CASE(init_then_validate_until_the_connector_works) {
  Workspace workspace;
  workspace.add_manifest("fixture.json");
  const auto made = workspace.run(
      {"init", "fixture", "--id", "fixture-new", "--file", "manifests/fixture-new.json"});
  BOOST_TEST_REQUIRE(made.exit_code == 0, made.err);
  // The console summary says what is left to do.
  const auto summary = host_test::lines(made.out);
  BOOST_TEST_REQUIRE(summary.size() == 2u, made.out);
  BOOST_TEST(summary[0].rfind("FILE", 0) == 0u);
  BOOST_TEST(summary[1].find("config.fixture_file") != std::string::npos, summary[1]);
  BOOST_TEST(summary[1].find("FIXTURE_NEW_API_KEY") != std::string::npos, summary[1]);

  const std::filesystem::path file = workspace.manifests() / "fixture-new.json";
  const std::string written = content_of(file);
  const json::object manifest = json::parse(written).as_object();
  BOOST_TEST(manifest.at("id").as_string() == "fixture-new");
  BOOST_TEST(manifest.at("plugin").as_string() == "fixture");
  BOOST_TEST(manifest.at("enabled").as_bool() == false);
  BOOST_TEST(json::serialize(manifest.at("schedule")) == R"({"sync_every":"1h","jitter":"5m"})");
  BOOST_TEST(json::serialize(manifest.at("provisioning")) ==
             R"({"enabled":false,"mode":"direct"})");
  BOOST_TEST(
      json::serialize(manifest.at("config")) ==
      R"({"fixture_file":"<fill in: Path of the JSON file that plays the remote directory>",)"
      R"("api_key":{"env":"FIXTURE_NEW_API_KEY"}})");
  // For people to edit: indented, one member per line.
  BOOST_TEST(written.find("\n  \"config\": {\n    \"fixture_file\": ") != std::string::npos,
             written);
  struct stat status {};
  BOOST_TEST_REQUIRE(::stat(file.c_str(), &status) == 0);
  // 0644 though connector-host runs under umask 077: the manifest holds no secret
  // value, and the service's user must read it.
  BOOST_TEST((status.st_mode & 0777) == 0644);

  // 1. The placeholder, though the schema takes any non-empty string there.
  auto checked = workspace.run({"validate", "fixture-new"});
  BOOST_TEST(checked.exit_code == 3);
  BOOST_TEST(checked.err == kPlaceholderError);
  const auto listed = workspace.run({"connectors", "-o", "json"});
  BOOST_TEST(listed.out.find("still to fill in: config.fixture_file") != std::string::npos,
             listed.out);

  // 2. Filled in: now the secret's variable is named.
  std::string filled = written;
  const std::string placeholder =
      "\"<fill in: Path of the JSON file that plays the remote directory>\"";
  filled.replace(filled.find(placeholder), placeholder.size(), "\"data/directory.json\"");
  workspace.write_file("manifests/fixture-new.json", filled);
  checked = workspace.run({"validate", "fixture-new"});
  BOOST_TEST(checked.exit_code == 3);
  BOOST_TEST(checked.err ==
             "error: connector 'fixture-new' (manifests/fixture-new.json): config.api_key: "
             "environment variable FIXTURE_NEW_API_KEY is not set\n");

  // 3. With the variable set, the disabled connector validates...
  const std::map<std::string, std::string> secret{
      {"FIXTURE_NEW_API_KEY", host_test::fixture_api_key}};
  checked = workspace.run({"validate", "fixture-new", "-o", "json"}, secret);
  BOOST_TEST_REQUIRE(checked.exit_code == 0, checked.err);
  for (const auto& check : host_test::json_lines(checked.out)) {
    BOOST_TEST(check.at("ok").as_bool(), json::serialize(check));
  }
  // ...and stays unused until it is enabled.
  const auto listing = workspace.run({"resources", "fixture-new"}, secret);
  BOOST_TEST(listing.exit_code == 3);
  BOOST_TEST(listing.err.find("is disabled") != std::string::npos, listing.err);
}

BOOST_AUTO_TEST_CASE(init_refuses_to_overwrite_unless_forced) {
  Workspace workspace;
  workspace.write_file("manifests/fixture-new.json", "{\"mine\": true}\n");
  const auto refused = workspace.run(
      {"init", "fixture", "--id", "fixture-new", "--file", "manifests/fixture-new.json"});
  BOOST_TEST(refused.exit_code == 2);
  BOOST_TEST(refused.err ==
             "error: init: manifests/fixture-new.json exists; pass --force to replace it with a "
             "new manifest\n");
  BOOST_TEST(refused.out.empty());
  BOOST_TEST(content_of(workspace.manifests() / "fixture-new.json") == "{\"mine\": true}\n");

  const auto forced = workspace.run({"init", "fixture", "--id", "fixture-new", "--file",
                                     "manifests/fixture-new.json", "--force", "-o", "json"});
  BOOST_TEST_REQUIRE(forced.exit_code == 0, forced.err);
  const auto summary = host_test::json_lines(forced.out);
  BOOST_TEST_REQUIRE(summary.size() == 1u);
  BOOST_TEST(summary[0].at("file").as_string() == "manifests/fixture-new.json");
  BOOST_TEST(json::serialize(summary[0].at("fill_in")) == R"(["config.fixture_file"])");
  BOOST_TEST(json::serialize(summary[0].at("environment")) == R"(["FIXTURE_NEW_API_KEY"])");
  const json::object manifest =
      json::parse(content_of(workspace.manifests() / "fixture-new.json")).as_object();
  BOOST_TEST(manifest.at("id").as_string() == "fixture-new");
  // Nothing but the manifest is left in the directory (no temporary file).
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator(workspace.manifests())) {
    ++files;
  }
  BOOST_TEST(files == 1u);
}

BOOST_AUTO_TEST_CASE(without_a_file_the_manifest_goes_to_stdout) {
  Workspace workspace;
  const auto console = workspace.run({"init", "fixture", "--id", "fixture-new"});
  BOOST_TEST_REQUIRE(console.exit_code == 0, console.err);
  const json::value document = json::parse(console.out);
  BOOST_TEST(document.at("id").as_string() == "fixture-new");
  BOOST_TEST(host_test::lines(console.out).size() > 10u);  // indented for people

  const auto one_line = workspace.run({"init", "fixture", "--id", "fixture-new", "-o", "json"});
  BOOST_TEST_REQUIRE(one_line.exit_code == 0, one_line.err);
  const auto items = host_test::json_lines(one_line.out);
  BOOST_TEST_REQUIRE(items.size() == 1u);
  BOOST_TEST(json::value(items[0]) == document);
  BOOST_TEST(!std::filesystem::exists(workspace.manifests() / "fixture-new.json"));
}

BOOST_AUTO_TEST_CASE(bad_arguments_are_one_line_errors) {
  Workspace workspace;
  const std::vector<std::tuple<std::vector<std::string>, int, std::string>> cases{
      {{"init", "fixture"},
       2,
       "error: init: --id is required (the new connector's id, eg: ninjaone-prod)\n"},
      {{"init", "fixture", "--id", "Fixture_New"},
       2,
       "error: init: --id 'Fixture_New' is not a connector id (one or more of a-z, 0-9, '-')\n"},
      {{"init", "fixture", "--id", "x", "--force"}, 2, "error: init: --force needs --file\n"},
      {{"init", "--id", "x"},
       2,
       "error: missing the PLUGIN argument (a plugin id, eg: ninjaone)\n"},
  };
  for (const auto& [args, code, message] : cases) {
    const auto result = workspace.run(args);
    BOOST_TEST(result.exit_code == code, message);
    BOOST_TEST(result.err == message);
  }
  const auto unknown = workspace.run({"init", "nope", "--id", "x", "--file", "manifests/x.json"});
  BOOST_TEST(unknown.exit_code == 4);
  BOOST_TEST(unknown.err.rfind("error: no plugin 'nope' is loaded from ", 0) == 0u, unknown.err);
  const auto no_directory =
      workspace.run({"init", "fixture", "--id", "x", "--file", "missing/x.json"});
  BOOST_TEST(no_directory.exit_code == 3);
  BOOST_TEST(no_directory.err.rfind("error: init: cannot create a file beside 'missing/x.json': "
                                    "No such file or directory",
                                    0) == 0u,
             no_directory.err);
  BOOST_TEST(!std::filesystem::exists(workspace.manifests() / "x.json"));
}

BOOST_AUTO_TEST_SUITE_END()
