// The service's console log format under a manifest key that carries a forged log
// line and a terminal escape sequence (docs/security.md): the key is logged escaped,
// on the line that names the manifest, and no ESC byte reaches stderr.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "support/child_process.hpp"
#include "support/environment.hpp"
#include "support/temp_dir.hpp"

BOOST_AUTO_TEST_SUITE(service_log)

BOOST_AUTO_TEST_CASE(a_manifest_key_cannot_forge_a_console_log_line) {
  test_support::TempDir root;
  root.write("manifests/forged.json",
             R"({"id": "forged", "plugin": "fixture", "config": {},
                 "x\n[2026-01-01T00:00:00.000Z] [error] forged\u001b[31m": 1})");
  const auto result =
      test_support::run({test_support::required_env("CONNECTOR_HOST"), "--plugins",
                         test_support::required_env("CONNECTOR_TEST_PLUGIN_DIR"), "--manifests",
                         (root / "manifests").string(), "--state", (root / "state").string(), "run",
                         "--once", "--listen", "127.0.0.1:0", "--log-format", "console"},
                        {.environment = {{"CONNECTOR_HOST_STATE", ""}}}, std::chrono::seconds(30));
  const std::string& log = result.err;
  BOOST_TEST(log.find('\x1b') == std::string::npos, log);
  std::istringstream lines(log);
  bool named = false;
  for (std::string line; std::getline(lines, line);) {
    BOOST_TEST(line.rfind("[2026-01-01T00:00:00.000Z] [error] forged", 0) != 0u, log);
    if (line.find("manifest ") != std::string::npos &&
        line.find("x\\n[2026-01-01T00:00:00.000Z] [error] forged\\x1b[31m: unknown field") !=
            std::string::npos)
      named = true;
  }
  BOOST_TEST(named, "the manifest's error is not logged, escaped, on one line:\n" << log);
}

BOOST_AUTO_TEST_SUITE_END()
