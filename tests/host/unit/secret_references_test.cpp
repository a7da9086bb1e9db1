#include "manifest/secret_references.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "support/temp_dir.hpp"

namespace json = boost::json;
using connector::host::manifest::resolve_secret_references;
using connector::host::manifest::SecretReferenceError;

BOOST_AUTO_TEST_SUITE(secret_references)

BOOST_AUTO_TEST_CASE(env_and_file_references_are_replaced_by_their_values) {
  test_support::TempDir dir;
  dir.write("token.txt", "file-value\n");
  ::setenv("HOST_UNIT_SECRET", "env-value", 1);
  json::value config = json::parse(
      R"({"a":{"env":"HOST_UNIT_SECRET"},"nested":{"b":{"file":"token.txt"}},"list":[{"env":"HOST_UNIT_SECRET"}],"plain":"x"})");
  const auto values = resolve_secret_references(config, "config", dir.path());
  BOOST_TEST(json::serialize(config) ==
             R"({"a":"env-value","nested":{"b":"file-value"},"list":["env-value"],"plain":"x"})");
  const std::vector<std::string> expected{"env-value", "file-value", "env-value"};
  BOOST_TEST(values == expected, boost::test_tools::per_element());
  ::unsetenv("HOST_UNIT_SECRET");
}

BOOST_AUTO_TEST_CASE(objects_with_more_members_are_not_references) {
  test_support::TempDir dir;
  json::value config = json::parse(R"({"a":{"env":"X","other":1},"b":{"env":5}})");
  const json::value before = config;
  BOOST_TEST(resolve_secret_references(config, "config", dir.path()).empty());
  BOOST_TEST(config == before);
}

BOOST_AUTO_TEST_CASE(unset_variable_names_the_field) {
  test_support::TempDir dir;
  ::unsetenv("HOST_UNIT_UNSET");
  json::value config = json::parse(R"({"auth":{"token":{"env":"HOST_UNIT_UNSET"}}})");
  try {
    resolve_secret_references(config, "config", dir.path());
    BOOST_FAIL("no error");
  } catch (const SecretReferenceError& e) {
    BOOST_TEST(e.field_path() == "config.auth.token");
    BOOST_TEST(std::string(e.what()) == "environment variable HOST_UNIT_UNSET is not set");
  }
}

BOOST_AUTO_TEST_CASE(missing_or_empty_file_names_the_field) {
  test_support::TempDir dir;
  dir.write("empty.txt", "\n");
  for (const char* file : {"absent.txt", "empty.txt"}) {
    json::value config = json::object{{"k", json::object{{"file", file}}}};
    try {
      resolve_secret_references(config, "config", dir.path());
      BOOST_FAIL("no error for " << file);
    } catch (const SecretReferenceError& e) {
      BOOST_TEST(e.field_path() == "config.k");
      BOOST_TEST(std::string(e.what()).find(file) != std::string::npos, e.what());
    }
  }
}

// A path that is not a secret must fail at once with its cause, not hang the host
// (a FIFO with no writer, /dev/zero) or read a whole log file into memory.
BOOST_AUTO_TEST_CASE(only_a_small_regular_file_is_a_secret_file) {
  test_support::TempDir dir;
  std::filesystem::create_directory(dir.path() / "folder");
  BOOST_REQUIRE(::mkfifo((dir.path() / "pipe").c_str(), 0600) == 0);
  dir.write("exactly-64k.txt", std::string(64 * 1024, 'k'));
  dir.write("too-large.txt", std::string(64 * 1024 + 1, 'k'));
  const std::vector<std::pair<std::string, std::string>> cases{
      {"folder",
       "cannot read secret file '" + (dir.path() / "folder").string() + "': it is a directory"},
      {"pipe", "cannot read secret file '" + (dir.path() / "pipe").string() +
                   "': it is not a regular file"},
      {"/dev/zero", "cannot read secret file '/dev/zero': it is not a regular file"},
      {"too-large.txt", "secret file '" + (dir.path() / "too-large.txt").string() +
                            "' is larger than 64 KiB: it should hold one secret"},
  };
  for (const auto& [file, message] : cases) {
    json::value config = json::object{{"k", json::object{{"file", file}}}};
    try {
      resolve_secret_references(config, "config", dir.path());
      BOOST_ERROR("no error for " << file);
    } catch (const SecretReferenceError& e) {
      BOOST_TEST(e.field_path() == "config.k");
      BOOST_TEST(std::string(e.what()) == message);
    }
  }
  json::value config = json::object{{"k", json::object{{"file", "exactly-64k.txt"}}}};
  resolve_secret_references(config, "config", dir.path());
  BOOST_TEST(config.at("k").as_string().size() == 64u * 1024u);
}

BOOST_AUTO_TEST_SUITE_END()
