// Environment variables named by secret references leave the environment once the
// connectors are loaded, and what was read stays available to a reload.
#include "manifest/secret_environment.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "manifest/secret_references.hpp"
#include "support/temp_dir.hpp"

namespace json = boost::json;
using connector::host::manifest::remove_secret_variables;
using connector::host::manifest::resolve_secret_references;
using connector::host::manifest::SecretReferenceError;

namespace {

// `config` after its references are resolved, serialized.
std::string resolved(const char* config) {
  test_support::TempDir dir;
  json::value value = json::parse(config);
  resolve_secret_references(value, "config", dir.path());
  return json::serialize(value);
}

// What a child process started now sees as NAME: its value, or "(unset)".
std::string seen_by_a_child(const std::string& name) {
  const std::string command = "printf '%s' \"${" + name + "-(unset)}\"";
  std::FILE* child = ::popen(command.c_str(), "r");
  BOOST_REQUIRE(child != nullptr);
  std::string output;
  char buffer[256];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, child)) > 0;)
    output.append(buffer, n);
  BOOST_REQUIRE_EQUAL(::pclose(child), 0);
  return output;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(secret_environment)

BOOST_AUTO_TEST_CASE(a_read_variable_leaves_the_environment_and_a_reload_still_resolves_it) {
  ::setenv("HOST_UNIT_TAKEN", "taken-value", 1);
  ::setenv("HOST_UNIT_NOT_A_SECRET", "stays", 1);
  BOOST_TEST(resolved(R"({"key":{"env":"HOST_UNIT_TAKEN"}})") == R"({"key":"taken-value"})");

  remove_secret_variables();
  BOOST_TEST(std::getenv("HOST_UNIT_TAKEN") == nullptr);
  BOOST_TEST(seen_by_a_child("HOST_UNIT_TAKEN") == "(unset)");
  // Variables no reference named are the process's own business.
  BOOST_TEST(seen_by_a_child("HOST_UNIT_NOT_A_SECRET") == "stays");

  // A reload (another manifest naming it too) gets the value that was taken.
  BOOST_TEST(resolved(R"({"other":{"env":"HOST_UNIT_TAKEN"}})") == R"({"other":"taken-value"})");
  ::unsetenv("HOST_UNIT_NOT_A_SECRET");
}

BOOST_AUTO_TEST_CASE(a_variable_set_again_is_read_afresh) {
  ::setenv("HOST_UNIT_AGAIN", "first", 1);
  BOOST_TEST(resolved(R"({"key":{"env":"HOST_UNIT_AGAIN"}})") == R"({"key":"first"})");
  remove_secret_variables();
  ::setenv("HOST_UNIT_AGAIN", "second", 1);
  BOOST_TEST(resolved(R"({"key":{"env":"HOST_UNIT_AGAIN"}})") == R"({"key":"second"})");
  remove_secret_variables();
  BOOST_TEST(std::getenv("HOST_UNIT_AGAIN") == nullptr);
  BOOST_TEST(resolved(R"({"key":{"env":"HOST_UNIT_AGAIN"}})") == R"({"key":"second"})");
}

BOOST_AUTO_TEST_CASE(a_variable_unset_by_the_process_itself_is_not_set) {
  ::setenv("HOST_UNIT_DROPPED", "value", 1);
  BOOST_TEST(resolved(R"({"key":{"env":"HOST_UNIT_DROPPED"}})") == R"({"key":"value"})");
  ::unsetenv("HOST_UNIT_DROPPED");  // not taken by remove_secret_variables
  remove_secret_variables();
  BOOST_CHECK_EXCEPTION(resolved(R"({"key":{"env":"HOST_UNIT_DROPPED"}})"), SecretReferenceError,
                        [](const SecretReferenceError& e) {
                          return std::string(e.what()) ==
                                 "environment variable HOST_UNIT_DROPPED is not set";
                        });
}

BOOST_AUTO_TEST_SUITE_END()
