// store_secret as a plugin calls it: durable, private (0600), read back, redacted;
// and the secret store refusing what another local user could plant in it (a
// symbolic link for secrets/, a file at the temp name, a key that is not a secret,
// a directory or file someone else owns or may write). docs/security.md.
#include "runtime/secret_store.hpp"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>
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

const std::vector<std::string> ninjaone_like_secrets{"client_secret", "refresh_token"};

unsigned mode_of(const std::filesystem::path& path) {
  struct stat info {};
  BOOST_TEST_REQUIRE(::lstat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

conn_str str(std::string_view s) { return conn_str{s.data(), s.size()}; }

// The message of the HostError (state) `action` throws; fails the test otherwise.
template <class Action>
std::string state_error_of(Action action) {
  try {
    action();
  } catch (const HostError& e) {
    BOOST_TEST((e.code() == ExitCode::state), e.what());
    return e.what();
  }
  BOOST_FAIL("no HostError");
  return {};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A secrets file as the host writes it: secrets/ 0700, the file 0600.
std::filesystem::path plant(const test_support::TempDir& state, const std::string& name,
                            const std::string& content) {
  const auto file = state.write("secrets/" + name, content);
  std::filesystem::permissions(file.parent_path(), std::filesystem::perms::owner_all);
  std::filesystem::permissions(
      file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  return file;
}

// Sets the umask for one scope.
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : previous_(::umask(mask)) {}
  ~ScopedUmask() { ::umask(previous_); }

 private:
  mode_t previous_;
};

// Someone else: a uid that is neither root nor this process's user.
constexpr uid_t other_user = 65534;
bool can_chown() { return ::geteuid() == 0; }

}  // namespace

BOOST_AUTO_TEST_SUITE(secret_store)

BOOST_AUTO_TEST_CASE(write_is_private_and_read_back) {
  test_support::TempDir state;
  runtime::SecretStore store(state.path());
  BOOST_TEST(store.read("ninjaone-prod", ninjaone_like_secrets).empty());
  store.write("ninjaone-prod", ninjaone_like_secrets, "refresh_token", "rt-1");
  store.write("ninjaone-prod", ninjaone_like_secrets, "client_secret", "cs-1");
  store.write("ninjaone-prod", ninjaone_like_secrets, "refresh_token", "rt-2");
  const auto file = state.path() / "secrets" / "ninjaone-prod.json";
  BOOST_TEST(store.file_of("ninjaone-prod") == file);
  BOOST_TEST(mode_of(file) == 0600u);
  BOOST_TEST(mode_of(file.parent_path()) == 0700u);
  const auto values = store.read("ninjaone-prod", ninjaone_like_secrets);
  BOOST_TEST(values.at("refresh_token") == "rt-2");
  BOOST_TEST(values.at("client_secret") == "cs-1");
  // Nothing but the file: no temp file left behind.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(file.parent_path()))
    ++entries;
  BOOST_TEST(entries == 1u);
  BOOST_TEST(boost::json::parse(slurp(file)).at("refresh_token").as_string() == "rt-2");
}

BOOST_AUTO_TEST_CASE(state_and_secrets_are_private_whatever_the_umask) {
  const ScopedUmask wide_open(0);
  test_support::TempDir root;
  const auto state = root / "deeper" / "state";  // missing, with a missing parent
  runtime::SecretStore store(state);
  store.write("c", ninjaone_like_secrets, "refresh_token", "rt");
  BOOST_TEST(mode_of(state) == 0700u);
  BOOST_TEST(mode_of(state / "secrets") == 0700u);
  BOOST_TEST(mode_of(state / "secrets" / "c.json") == 0600u);
}

BOOST_AUTO_TEST_CASE(corrupt_file_is_a_state_error_that_quotes_nothing) {
  test_support::TempDir state;
  // Not JSON, and the bytes where the parser stops are a secret.
  plant(state, "x.json", "{\"refresh_token\": \"rt-a\" rt-SECRET-9f2e}");
  runtime::SecretStore store(state.path());
  const std::string message = state_error_of([&] { store.read("x", ninjaone_like_secrets); });
  BOOST_TEST(contains(message, (state.path() / "secrets" / "x.json").string() + ":1:"), message);
  BOOST_TEST(contains(message, "syntax error"), message);
  BOOST_TEST(!contains(message, "rt-SECRET"), message);
  BOOST_TEST(!contains(message, "rt-a"), message);

  plant(state, "y.json", "{\"refresh_token\": 1}");
  BOOST_TEST(contains(state_error_of([&] { store.read("y", ninjaone_like_secrets); }),
                      "'refresh_token': expected a string"));
}

// A file past 64 KiB is no file this host wrote (it holds a few tokens): refused
// before it is read into memory, by read and by write alike, and left as it was.
BOOST_AUTO_TEST_CASE(a_file_past_64_kib_is_refused_and_left_as_it_was) {
  test_support::TempDir state;
  const std::string padding(64 * 1024, ' ');
  const auto file = plant(state, "big.json", "{\"refresh_token\": \"rt-1\"}" + padding);
  runtime::SecretStore store(state.path());
  const std::string expected = "refusing '" + file.string() + "': larger than 64 KiB";
  BOOST_TEST(state_error_of([&] { store.read("big", ninjaone_like_secrets); }) == expected);
  BOOST_TEST(state_error_of([&] {
               store.write("big", ninjaone_like_secrets, "refresh_token", "rt-2");
             }) == expected);
  BOOST_TEST(std::filesystem::file_size(file) == 64 * 1024 + 25);

  // Exactly 64 KiB is still read.
  const std::string exact = "{\"refresh_token\": \"rt-1\"}";
  plant(state, "edge.json", exact + std::string(64 * 1024 - exact.size(), ' '));
  BOOST_TEST(store.read("edge", ninjaone_like_secrets).at("refresh_token") == "rt-1");
}

// The attack: a key the plugin's schema does not mark secret, eg: a base_url that
// would send the client secret and the refresh token to another server.
BOOST_AUTO_TEST_CASE(a_key_that_is_not_a_secret_field_is_refused) {
  test_support::TempDir state;
  plant(state, "prod.json",
        R"({"refresh_token":"rt-1","base_url":"https://127.0.0.1:1/attacker"})");
  runtime::SecretStore store(state.path());
  const std::string message = state_error_of([&] { store.read("prod", ninjaone_like_secrets); });
  BOOST_TEST(contains(message, "refusing '" + (state.path() / "secrets/prod.json").string()),
             message);
  BOOST_TEST(contains(message, "'base_url' is not a top-level field"), message);
  BOOST_TEST(!contains(message, "attacker"), message);
  // Nor may a plugin store one.
  BOOST_CHECK_THROW(store.write("prod2", ninjaone_like_secrets, "base_url", "https://x"),
                    std::invalid_argument);
  BOOST_TEST(!std::filesystem::exists(state.path() / "secrets" / "prod2.json"));
  BOOST_TEST(!runtime::is_storable_secret("auth.token", {"auth.token"}));  // nested: no
  BOOST_TEST(runtime::is_storable_secret("refresh_token", ninjaone_like_secrets));
}

BOOST_AUTO_TEST_CASE(a_symlinked_secrets_directory_is_refused) {
  test_support::TempDir state;
  test_support::TempDir elsewhere;  // the attacker's
  const auto planted = elsewhere.write("prod.json", R"({"refresh_token":"rt-attacker"})");
  std::filesystem::permissions(
      planted, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::create_directory_symlink(elsewhere.path(), state.path() / "secrets");
  runtime::SecretStore store(state.path());

  const std::string read_error = state_error_of([&] { store.read("prod", ninjaone_like_secrets); });
  BOOST_TEST(contains(read_error, "refusing '" + (state.path() / "secrets").string() +
                                      "': a symbolic link, not a directory"),
             read_error);
  state_error_of([&] { store.write("prod", ninjaone_like_secrets, "refresh_token", "rt-new"); });
  BOOST_TEST(slurp(planted) == R"({"refresh_token":"rt-attacker"})");  // untouched
  BOOST_TEST(!std::filesystem::exists(elsewhere.path() / "other.json"));
}

// The old fixed temp name <id>.json.tmp, planted as a link to a file the attacker
// reads: the host writes a fresh name of its own, never through the link.
BOOST_AUTO_TEST_CASE(a_planted_temp_file_is_never_written_through) {
  test_support::TempDir state;
  test_support::TempDir elsewhere;
  const auto trap = elsewhere.write("stolen.txt", "");
  runtime::SecretStore store(state.path());
  store.write("prod", ninjaone_like_secrets, "refresh_token", "rt-1");  // makes secrets/
  const auto secrets = state.path() / "secrets";
  std::filesystem::create_symlink(trap, secrets / "prod.json.tmp");
  store.write("prod", ninjaone_like_secrets, "refresh_token", "rt-2");
  BOOST_TEST(slurp(trap).empty());
  BOOST_TEST(store.read("prod", ninjaone_like_secrets).at("refresh_token") == "rt-2");

  // The file itself replaced by a link: reading it is refused, and so is writing
  // (which reads the other keys first); the file it points to stays untouched.
  std::filesystem::remove(secrets / "prod.json");
  std::filesystem::create_symlink(trap, secrets / "prod.json");
  const std::string message = state_error_of([&] { store.read("prod", ninjaone_like_secrets); });
  BOOST_TEST(contains(message, "a symbolic link, not a file"), message);
  state_error_of([&] { store.write("prod", ninjaone_like_secrets, "refresh_token", "rt-3"); });
  BOOST_TEST(slurp(trap).empty());
}

BOOST_AUTO_TEST_CASE(directories_others_may_write_are_refused) {
  test_support::TempDir state;
  runtime::SecretStore store(state.path());
  store.write("prod", ninjaone_like_secrets, "refresh_token", "rt-1");
  const auto secrets = state.path() / "secrets";

  ::chmod(secrets.c_str(), 0770);
  std::string message = state_error_of([&] { store.read("prod", ninjaone_like_secrets); });
  BOOST_TEST(
      contains(message, "refusing '" + secrets.string() + "': writable by its group (mode 0770)"),
      message);
  ::chmod(secrets.c_str(), 0700);

  ::chmod(state.path().c_str(), 0777);  // STATE as umask 000 used to leave it
  message = state_error_of([&] { store.read("prod", ninjaone_like_secrets); });
  BOOST_TEST(
      contains(message, "refusing '" + state.path().string() + "': writable by others (mode 0777)"),
      message);
  state_error_of([&] { store.write("prod", ninjaone_like_secrets, "refresh_token", "rt-2"); });

  // Writable by the running user's own group (a Kubernetes volume with fsGroup): fine
  // for STATE, which the user named; secrets/ inside it stays the user's alone.
  struct stat info {};
  BOOST_TEST_REQUIRE(::stat(state.path().c_str(), &info) == 0);
  BOOST_TEST_REQUIRE(info.st_gid == ::getegid());
  ::chmod(state.path().c_str(), 0770);
  BOOST_TEST(store.read("prod", ninjaone_like_secrets).at("refresh_token") == "rt-1");
  ::chmod(state.path().c_str(), 0700);
  BOOST_TEST(store.read("prod", ninjaone_like_secrets).at("refresh_token") == "rt-1");
}

BOOST_AUTO_TEST_CASE(a_file_others_may_read_or_own_is_refused) {
  test_support::TempDir state;
  runtime::SecretStore store(state.path());
  store.write("prod", ninjaone_like_secrets, "refresh_token", "rt-1");
  const auto file = state.path() / "secrets" / "prod.json";
  ::chmod(file.c_str(), 0644);
  std::string message = state_error_of([&] { store.read("prod", ninjaone_like_secrets); });
  BOOST_TEST(contains(message, "readable by its group or others (mode 0644)"), message);
  ::chmod(file.c_str(), 0600);

  if (!can_chown()) {
    BOOST_TEST_MESSAGE("not root: the ownership cases need chown, skipped");
    return;
  }
  BOOST_TEST_REQUIRE(::chown(file.c_str(), other_user, other_user) == 0);
  message = state_error_of([&] { store.read("prod", ninjaone_like_secrets); });
  BOOST_TEST(contains(message, "owned by uid 65534, not by the running user"), message);
  BOOST_TEST_REQUIRE(::chown(file.c_str(), 0, 0) == 0);

  const auto secrets = file.parent_path();
  BOOST_TEST_REQUIRE(::chown(secrets.c_str(), other_user, other_user) == 0);
  message = state_error_of([&] { store.read("prod", ninjaone_like_secrets); });
  BOOST_TEST(contains(message, "refusing '" + secrets.string() + "': owned by uid 65534"), message);
}

BOOST_AUTO_TEST_CASE(host_services_store_secret_writes_and_redacts) {
  test_support::TempDir state;
  runtime::SecretStore store(state.path());
  log::Redactor redactor;
  std::ostringstream log_text;
  auto logger = std::make_shared<spdlog::logger>(
      "test", std::make_shared<spdlog::sinks::ostream_sink_mt>(log_text));
  logger->set_level(spdlog::level::debug);
  runtime::HostServices services("conn-a", logger, store, redactor, {}, ninjaone_like_secrets);
  const conn_host* host = services.raw();
  BOOST_TEST(host->struct_size == sizeof(conn_host));
  BOOST_TEST(std::string(host->name) == "connector-host");

  BOOST_TEST(host->store_secret(host, str("refresh_token"), str("rt-rotated-77")) == CONN_OK);
  BOOST_TEST(mode_of(store.file_of("conn-a")) == 0600u);
  BOOST_TEST(store.read("conn-a", ninjaone_like_secrets).at("refresh_token") == "rt-rotated-77");
  BOOST_TEST(redactor.redact("token rt-rotated-77") == "token [REDACTED]");
  BOOST_TEST(log_text.str().find("rt-rotated-77") == std::string::npos);
  BOOST_TEST(log_text.str().find("stored a new value of 'refresh_token'") != std::string::npos);

  host->log(host, CONN_LOG_WARN, str("hello {braces}"));
  BOOST_TEST(log_text.str().find("connector 'conn-a': hello {braces}") != std::string::npos);
  BOOST_TEST(host->store_secret(host, str(""), str("v")) == CONN_INVALID_ARGUMENT);

  // A field the schema does not mark secret: refused, nothing written, value redacted.
  BOOST_TEST(host->store_secret(host, str("base_url"), str("https://evil-77")) ==
             CONN_INVALID_ARGUMENT);
  BOOST_TEST(store.read("conn-a", ninjaone_like_secrets).count("base_url") == 0u);
  BOOST_TEST(log_text.str().find("refused to store 'base_url'") != std::string::npos);
  BOOST_TEST(log_text.str().find("evil-77") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(unwritable_state_fails_without_throwing_into_the_plugin) {
  test_support::TempDir state;
  state.write("secrets", "a file where the directory should be");
  runtime::SecretStore store(state.path());
  log::Redactor redactor;
  auto logger = std::make_shared<spdlog::logger>("test-null");
  runtime::HostServices services("conn-b", logger, store, redactor, {}, {"k"});
  const conn_host* host = services.raw();
  BOOST_TEST(host->store_secret(host, str("k"), str("v")) == CONN_UNAVAILABLE);
}

BOOST_AUTO_TEST_SUITE_END()
