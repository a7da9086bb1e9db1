// The plugin directory and its libraries are refused, as sshd's StrictModes does,
// when another local user could change them, and refused BEFORE dlopen: the test
// plugin conn_constructor_marker appends to a marker file from its library
// constructor, so a marker that never appears proves the library was never opened.
#include "loader/plugin_trust.hpp"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <boost/test/unit_test.hpp>

#include <stdexcept>

#include "loader/plugin_registry.hpp"
#include "support/environment.hpp"
#include "support/temp_dir.hpp"

using namespace connector::host;

namespace {

constexpr const char* marker_library = "libconn_constructor_marker.so";
constexpr uid_t other_user = 65534;  // neither root nor this process's user

// A plugin directory with the marker plugin in it, and the marker file it writes.
class MarkerSetup {
 public:
  MarkerSetup() : plugins_(root_ / "plugins"), marker_(root_ / "constructor-ran") {
    std::filesystem::create_directories(plugins_);
    ::chmod(plugins_.c_str(), 0755);
    std::filesystem::copy_file(
        std::filesystem::path(test_support::required_env("CONNECTOR_TEST_MARKER_PLUGIN_DIR")) /
            marker_library,
        library());
    ::chmod(library().c_str(), 0755);
    ::setenv("CONNECTOR_TEST_CONSTRUCTOR_MARKER", marker_.c_str(), 1);
  }
  ~MarkerSetup() { ::unsetenv("CONNECTOR_TEST_CONSTRUCTOR_MARKER"); }

  const std::filesystem::path& root() const { return root_.path(); }
  const std::filesystem::path& plugins() const { return plugins_; }
  std::filesystem::path library() const { return plugins_ / marker_library; }
  bool constructor_ran() const { return std::filesystem::exists(marker_); }

 private:
  test_support::TempDir root_;
  std::filesystem::path plugins_;
  std::filesystem::path marker_;
};

std::string scan_error(const std::filesystem::path& directory) {
  try {
    loader::PluginRegistry::scan(directory);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  BOOST_FAIL("the directory was accepted");
  return {};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The reason `file` failed in a scan of `directory`; empty when it did not fail.
std::string failure_of(const loader::PluginRegistry& registry, const std::filesystem::path& file) {
  for (const auto& failure : registry.failures()) {
    if (failure.path == file) return failure.reason;
  }
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plugin_trust)

// Shows the marker works, so that its absence in the other cases means something.
BOOST_AUTO_TEST_CASE(a_trusted_directory_loads_and_the_marker_shows_it) {
  MarkerSetup setup;
  const auto registry = loader::PluginRegistry::scan(setup.plugins());
  BOOST_TEST(registry.find("constructor-marker") != nullptr);
  BOOST_TEST(registry.failures().empty());
  BOOST_TEST(setup.constructor_ran());
}

BOOST_AUTO_TEST_CASE(a_world_writable_plugin_directory_is_refused_before_dlopen) {
  MarkerSetup setup;
  ::chmod(setup.plugins().c_str(), 0777);
  const std::string message = scan_error(setup.plugins());
  BOOST_TEST(message == "refusing plugin directory '" + setup.plugins().string() + "': '" +
                            setup.plugins().string() +
                            "' is writable by others (mode 0777); plugins are loaded only from "
                            "directories that root or the running user alone can change");
  BOOST_TEST(!setup.constructor_ran());
}

BOOST_AUTO_TEST_CASE(a_parent_others_may_write_is_refused) {
  MarkerSetup setup;
  ::chmod(setup.root().c_str(), 0775);
  const std::string message = scan_error(setup.plugins());
  BOOST_TEST(
      contains(message, "'" + setup.root().string() + "' is writable by its group (mode 0775)"),
      message);
  BOOST_TEST(!setup.constructor_ran());
}

BOOST_AUTO_TEST_CASE(a_world_writable_library_is_refused_before_dlopen) {
  MarkerSetup setup;
  ::chmod(setup.library().c_str(), 0666);
  const auto registry = loader::PluginRegistry::scan(setup.plugins());
  BOOST_TEST(registry.find("constructor-marker") == nullptr);
  BOOST_TEST(failure_of(registry, setup.library()) ==
             "refused before loading: writable by others (mode 0666)");
  BOOST_TEST(!setup.constructor_ran());
}

BOOST_AUTO_TEST_CASE(a_link_to_a_library_in_an_untrusted_directory_is_refused) {
  MarkerSetup setup;
  const auto drop = setup.root() / "drop";
  std::filesystem::create_directory(drop);
  ::chmod(drop.c_str(), 0777);
  std::filesystem::rename(setup.library(), drop / marker_library);
  std::filesystem::create_symlink(drop / marker_library, setup.library());
  const auto registry = loader::PluginRegistry::scan(setup.plugins());
  const std::string reason = failure_of(registry, setup.library());
  BOOST_TEST(
      contains(reason, "refused before loading: it links to '" + (drop / marker_library).string() +
                           "', and '" + drop.string() + "' is writable by others (mode 0777)"),
      reason);
  BOOST_TEST(!setup.constructor_ran());
}

BOOST_AUTO_TEST_CASE(a_directory_or_library_someone_else_owns_is_refused) {
  if (::geteuid() != 0) {
    BOOST_TEST_MESSAGE("not root: giving a file to another user needs chown, skipped");
    return;
  }
  MarkerSetup setup;
  BOOST_TEST_REQUIRE(::chown(setup.library().c_str(), other_user, other_user) == 0);
  const auto registry = loader::PluginRegistry::scan(setup.plugins());
  BOOST_TEST(failure_of(registry, setup.library()) ==
             "refused before loading: owned by uid 65534, not by root or the running user "
             "(uid 0)");
  BOOST_TEST(!setup.constructor_ran());

  BOOST_TEST_REQUIRE(::chown(setup.plugins().c_str(), other_user, other_user) == 0);
  BOOST_TEST(contains(scan_error(setup.plugins()), "' is owned by uid 65534"));
  BOOST_TEST(!setup.constructor_ran());
}

BOOST_AUTO_TEST_SUITE_END()
