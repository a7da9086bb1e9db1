#include "manifest/manifest_reader.hpp"

#include "common/error.hpp"

#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <filesystem>

#include "support/temp_dir.hpp"

using connector::host::HostError;
using connector::host::manifest::read_manifest;

namespace {

std::string error_of(const std::string& text) {
  test_support::TempDir dir;
  const auto file = dir.write("m.json", text);
  try {
    read_manifest(file);
  } catch (const HostError& e) {
    BOOST_TEST(static_cast<int>(e.code()) == 3);
    const std::string message = e.what();
    // Relative to the file's path, which differs per run.
    return message.substr(file.string().size());
  }
  return "no error";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(manifest_reader)

BOOST_AUTO_TEST_CASE(reads_every_field) {
  test_support::TempDir dir;
  const auto file =
      dir.write("m.json", R"({"id":"ninjaone-prod","plugin":"ninjaone","enabled":false,
    "schedule":{"sync_every":"1h","jitter":"5m"},
    "provisioning":{"enabled":true,"mode":"ticket","template":"t"},
    "config":{"base_url":"https://x"}})");
  const auto manifest = read_manifest(file);
  BOOST_TEST(manifest.id == "ninjaone-prod");
  BOOST_TEST(manifest.plugin == "ninjaone");
  BOOST_TEST(!manifest.enabled);
  BOOST_TEST_REQUIRE(manifest.schedule.has_value());
  BOOST_TEST(manifest.schedule->sync_every.count() == 3600);
  BOOST_TEST(manifest.schedule->jitter.count() == 300);
  BOOST_TEST(manifest.provisioning.enabled);
  BOOST_TEST(manifest.provisioning.mode == "ticket");
  BOOST_TEST(manifest.provisioning.settings.at("template").as_string() == "t");
  BOOST_TEST(manifest.config.at("base_url").as_string() == "https://x");
}

BOOST_AUTO_TEST_CASE(a_manifest_up_to_1_mib_is_read_and_a_larger_one_refused_unparsed) {
  // Valid JSON either way: a large "config" value padded with spaces, so only the size
  // can be what refuses it.
  const auto manifest_of = [](std::size_t size) {
    const std::string head = R"({"id":"a","plugin":"p","config":{}})";
    return head + std::string(size - head.size(), ' ');
  };
  test_support::TempDir dir;
  BOOST_TEST(read_manifest(dir.write("at-limit.json", manifest_of(1024 * 1024))).id == "a");
  BOOST_TEST(error_of(manifest_of(1024 * 1024 + 1)) ==
             ": larger than 1 MiB, the limit for a manifest (one is a few KiB): is this the "
             "right file?");
}

BOOST_AUTO_TEST_CASE(a_manifest_that_is_not_a_regular_file_is_refused_without_blocking) {
  test_support::TempDir dir;
  const auto fifo = dir.path() / "fifo.json";
  BOOST_TEST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);  // opening it would block
  try {
    read_manifest(fifo);
    BOOST_FAIL("a FIFO was read as a manifest");
  } catch (const HostError& e) {
    BOOST_TEST(std::string(e.what()) == fifo.string() + ": cannot read: it is not a regular file");
  }
  const auto directory = dir.path() / "dir.json";
  std::filesystem::create_directory(directory);
  try {
    read_manifest(directory);
    BOOST_FAIL("a directory was read as a manifest");
  } catch (const HostError& e) {
    BOOST_TEST(std::string(e.what()) ==
               directory.string() + ": cannot read: it is not a regular file");
  }
}

BOOST_AUTO_TEST_CASE(a_zero_jitter_is_no_jitter) {
  test_support::TempDir dir;
  const auto manifest = read_manifest(dir.write(
      "m.json",
      R"({"id":"a","plugin":"p","schedule":{"sync_every":"3s","jitter":"0s"},"config":{}})"));
  BOOST_TEST_REQUIRE(manifest.schedule.has_value());
  BOOST_TEST(manifest.schedule->sync_every.count() == 3);
  BOOST_TEST(manifest.schedule->jitter.count() == 0);
}

BOOST_AUTO_TEST_CASE(defaults) {
  test_support::TempDir dir;
  const auto manifest =
      read_manifest(dir.write("m.json", R"({"id":"a","plugin":"p","config":{}})"));
  BOOST_TEST(manifest.enabled);
  BOOST_TEST(!manifest.schedule.has_value());
  BOOST_TEST(!manifest.provisioning.enabled);
  BOOST_TEST(manifest.provisioning.mode == "direct");
}

BOOST_AUTO_TEST_CASE(each_error_names_the_field) {
  BOOST_TEST(error_of(R"({"plugin":"p","config":{}})") == ": id: required field is missing");
  BOOST_TEST(error_of(R"({"id":"A B","plugin":"p","config":{}})") ==
             ": id: 'A B' is not a connector id (one or more of a-z, 0-9, '-')");
  BOOST_TEST(error_of(R"({"id":"a","plugin":7,"config":{}})") == ": plugin: expected a string");
  BOOST_TEST(error_of(R"({"id":"a","plugin":"p","config":[]})") ==
             ": config: expected a JSON object");
  BOOST_TEST(
      error_of(R"({"id":"a","plugin":"p","config":{},"schedule":{"sync_every":"often"}})") ==
      ": schedule.sync_every: 'often' is not a duration (a number and s, m, h or d, eg: 30m)");
  BOOST_TEST(
      error_of(R"({"id":"a","plugin":"p","config":{},"schedule":{"sync_every":"0m"}})") ==
      ": schedule.sync_every: '0m' is zero: a sync interval of zero would start a new sync the "
      "moment the last one ends; write how often to sync (eg: 1h), or leave out \"schedule\" to "
      "sync only on demand");
  BOOST_TEST(error_of(R"({"id":"a","plugin":"p","config":{},"provisioning":{"mode":"fax"}})") ==
             ": provisioning.mode: expected \"direct\" or \"ticket\"");
  BOOST_TEST(error_of(R"({"id":"a","plugin":"p","config":{},"extra":1})") ==
             ": extra: unknown field");
  BOOST_TEST(error_of("[]") == ": expected a JSON object at the top level");
  BOOST_TEST(error_of("{\"id\": }") == ":1:8: syntax error: unexpected text");
}

// What `init` leaves to fill in is refused wherever it is, every one named, even
// where the plugin's schema would take any string.
BOOST_AUTO_TEST_CASE(placeholders_are_refused_naming_each) {
  BOOST_TEST(error_of(R"({"id":"a","plugin":"p","config":{"url":"<fill in: the URL>",
    "auth":{"user":"<fill in>"},"tags":["ok","<fill in: a tag>"]}})") ==
             ": still to fill in: config.url, config.auth.user, config.tags[1] (replace each "
             "\"<fill in: ...>\" placeholder with a value)");
  // Text that merely mentions one is a value.
  test_support::TempDir dir;
  const auto manifest = read_manifest(
      dir.write("m.json", R"({"id":"a","plugin":"p","config":{"note":"see <fill in>."}})"));
  BOOST_TEST(manifest.config.at("note").as_string() == "see <fill in>.");
}

BOOST_AUTO_TEST_SUITE_END()
