// store_secret as a plugin calls it: durable, private (0600), read back, redacted.
#include "runtime/secret_store.hpp"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

#include "common/error.hpp"
#include "log/redactor.hpp"
#include "runtime/host_services.hpp"
#include "support/temp_dir.hpp"

using namespace connector::host;

namespace {

unsigned mode_of(const std::filesystem::path& path) {
  struct stat info {};
  BOOST_TEST_REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 0777;
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

conn_str str(std::string_view s) { return conn_str{s.data(), s.size()}; }

}  // namespace

BOOST_AUTO_TEST_SUITE(secret_store)

BOOST_AUTO_TEST_CASE(write_is_private_and_read_back) {
  test_support::TempDir state;
  runtime::SecretStore store(state.path());
  BOOST_TEST(store.read("ninjaone-prod").empty());
  store.write("ninjaone-prod", "refresh_token", "rt-1");
  store.write("ninjaone-prod", "other", "o-1");
  store.write("ninjaone-prod", "refresh_token", "rt-2");
  const auto file = state.path() / "secrets" / "ninjaone-prod.json";
  BOOST_TEST(store.file_of("ninjaone-prod") == file);
  BOOST_TEST(mode_of(file) == 0600u);
  BOOST_TEST(mode_of(file.parent_path()) == 0700u);
  const auto values = store.read("ninjaone-prod");
  BOOST_TEST(values.at("refresh_token") == "rt-2");
  BOOST_TEST(values.at("other") == "o-1");
  BOOST_TEST(!std::filesystem::exists(file.string() + ".tmp"));
  BOOST_TEST(boost::json::parse(slurp(file)).at("refresh_token").as_string() == "rt-2");
}

BOOST_AUTO_TEST_CASE(corrupt_file_is_a_state_error) {
  test_support::TempDir state;
  state.write("secrets/x.json", "{\"k\": 1}");
  runtime::SecretStore store(state.path());
  BOOST_CHECK_EXCEPTION(store.read("x"), HostError,
                        [](const HostError& e) { return e.code() == ExitCode::state; });
}

BOOST_AUTO_TEST_CASE(host_services_store_secret_writes_and_redacts) {
  test_support::TempDir state;
  runtime::SecretStore store(state.path());
  log::Redactor redactor;
  std::ostringstream log_text;
  auto logger = std::make_shared<spdlog::logger>(
      "test", std::make_shared<spdlog::sinks::ostream_sink_mt>(log_text));
  logger->set_level(spdlog::level::debug);
  runtime::HostServices services("conn-a", logger, store, redactor);
  const conn_host* host = services.raw();
  BOOST_TEST(host->struct_size == sizeof(conn_host));
  BOOST_TEST(std::string(host->name) == "connector-host");

  BOOST_TEST(host->store_secret(host, str("refresh_token"), str("rt-rotated-77")) == CONN_OK);
  BOOST_TEST(mode_of(store.file_of("conn-a")) == 0600u);
  BOOST_TEST(store.read("conn-a").at("refresh_token") == "rt-rotated-77");
  BOOST_TEST(redactor.redact("token rt-rotated-77") == "token [REDACTED]");
  BOOST_TEST(log_text.str().find("rt-rotated-77") == std::string::npos);
  BOOST_TEST(log_text.str().find("stored a new value of 'refresh_token'") != std::string::npos);

  host->log(host, CONN_LOG_WARN, str("hello {braces}"));
  BOOST_TEST(log_text.str().find("connector 'conn-a': hello {braces}") != std::string::npos);
  BOOST_TEST(host->store_secret(host, str(""), str("v")) == CONN_INVALID_ARGUMENT);
}

BOOST_AUTO_TEST_CASE(unwritable_state_fails_without_throwing_into_the_plugin) {
  test_support::TempDir state;
  state.write("secrets", "a file where the directory should be");
  runtime::SecretStore store(state.path());
  log::Redactor redactor;
  auto logger = std::make_shared<spdlog::logger>("test-null");
  runtime::HostServices services("conn-b", logger, store, redactor);
  const conn_host* host = services.raw();
  BOOST_TEST(host->store_secret(host, str("k"), str("v")) == CONN_UNAVAILABLE);
}

BOOST_AUTO_TEST_SUITE_END()
