// The faulty test plugins do exactly the wrong thing their names promise, so that a
// host test that uses one tests the host, not an accident of the plugin.
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <csignal>
#include <string>
#include <thread>

#include "plugin_harness.hpp"

using namespace abi_test;
namespace json = boost::json;

namespace {

const conn_list_request kFirstUserPage{sizeof(conn_list_request), to_conn("user"), {}, {}, 0, {}};

conn_list_request user_page(std::string_view token) {
  return conn_list_request{sizeof(conn_list_request), to_conn("user"), {}, to_conn(token), 0, {}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fault_plugins)

BOOST_AUTO_TEST_CASE(loading_faults) {
  const LoadedLibrary wrong_abi(path_from_env("WRONG_ABI_PLUGIN"));
  BOOST_TEST(wrong_abi.entry()(1, 0) == nullptr);
  BOOST_REQUIRE(wrong_abi.entry()(2, 0) != nullptr);
  BOOST_TEST(wrong_abi.entry()(2, 0)->abi_major == 2u);

  const LoadedLibrary newer_major(path_from_env("NEWER_MAJOR_PLUGIN"));
  BOOST_REQUIRE(newer_major.entry()(1, 0) != nullptr);
  BOOST_TEST(newer_major.entry()(1, 0)->abi_major == 2u);

  const LoadedLibrary no_entry(path_from_env("NO_ENTRY_PLUGIN"));
  BOOST_TEST(!no_entry.has_entry());

  const LoadedLibrary bad_descriptor(path_from_env("BAD_DESCRIPTOR_PLUGIN"));
  const conn_descriptor& descriptor = *bad_descriptor.plugin().descriptor;
  BOOST_TEST(std::string(descriptor.id).empty());
  json::error_code ec;
  json::parse(descriptor.config_schema, ec);
  BOOST_TEST(static_cast<bool>(ec));
}

BOOST_AUTO_TEST_CASE(repeat_token_repeats_its_token) {
  const LoadedLibrary library(path_from_env("REPEAT_TOKEN_PLUGIN"));
  const RecordingHost host;
  const Instance instance(library.plugin(), host, "{}");
  for (std::string_view token : {std::string_view(), std::string_view("same-token")}) {
    RecordingCall call;
    const conn_list_request request = user_page(token);
    BOOST_TEST(library.plugin().list_resources(instance.get(), call.get(), &request) == CONN_OK);
    BOOST_TEST(call.next_page.value_or("") == "same-token");
    BOOST_TEST(ids_of(call.items()) == std::vector<std::string>{"user:1"},
               boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(bad_json_emits_items_that_are_not_objects) {
  const LoadedLibrary library(path_from_env("BAD_JSON_PLUGIN"));
  const conn_plugin& p = library.plugin();
  const RecordingHost host;
  const Instance instance(p, host, "{}");
  const conn_list_request all{sizeof(conn_list_request), {}, {}, {}, 0, {}};
  RecordingCall types, resources, entitlements, grants;
  BOOST_TEST(p.list_resource_types(instance.get(), types.get()) == CONN_OK);
  BOOST_TEST(p.list_resources(instance.get(), resources.get(), &kFirstUserPage) == CONN_OK);
  BOOST_TEST(p.list_entitlements(instance.get(), entitlements.get(), &all) == CONN_OK);
  BOOST_TEST(p.list_grants(instance.get(), grants.get(), &all) == CONN_OK);
  for (const RecordingCall* call : {&types, &resources, &entitlements, &grants}) {
    BOOST_REQUIRE(call->raw_items.size() == 1u);
    json::error_code ec;
    const json::value item = json::parse(call->raw_items.front(), ec);
    BOOST_TEST((ec || !item.is_object()), "item is a JSON object: " << call->raw_items.front());
  }
}

BOOST_AUTO_TEST_CASE(blocking_returns_cancelled_soon_after_the_host_cancels) {
  using namespace std::chrono_literals;
  const LoadedLibrary library(path_from_env("BLOCKING_PLUGIN"));
  const RecordingHost host;
  const Instance instance(library.plugin(), host, "{}");
  RecordingCall call;
  std::chrono::steady_clock::time_point cancelled_at;
  std::thread canceller([&] {
    std::this_thread::sleep_for(100ms);
    cancelled_at = std::chrono::steady_clock::now();
    call.cancel = true;
  });
  const auto started = std::chrono::steady_clock::now();
  const conn_status status =
      library.plugin().list_resources(instance.get(), call.get(), &kFirstUserPage);
  const auto returned = std::chrono::steady_clock::now();
  canceller.join();
  BOOST_TEST(status == CONN_CANCELLED);
  BOOST_TEST(call.failed_status.value_or(CONN_OK) == CONN_CANCELLED);
  BOOST_TEST((returned - started) >= 100ms);      // it did block
  BOOST_TEST((returned - cancelled_at) < 500ms);  // and noticed within a few polls
}

// The crash happens in a child process, so this test survives it.
BOOST_AUTO_TEST_CASE(crashing_serves_a_page_then_dies_of_sigsegv) {
  const LoadedLibrary library(path_from_env("CRASHING_PLUGIN"));
  const conn_plugin& p = library.plugin();
  const RecordingHost host;
  const Instance instance(p, host, R"({"crash_on_page":2,"user_count":6})");

  RecordingCall first;
  BOOST_TEST(p.list_resources(instance.get(), first.get(), &kFirstUserPage) == CONN_OK);
  BOOST_TEST(ids_of(first.items()) == (std::vector<std::string>{"user:1", "user:2"}),
             boost::test_tools::per_element());
  BOOST_REQUIRE(first.next_page.value_or("") == "2");

  const pid_t child = ::fork();
  BOOST_REQUIRE(child >= 0);
  if (child == 0) {
    // Boost.Test catches SIGSEGV to report it; the child must die of it as a host would.
    std::signal(SIGSEGV, SIG_DFL);
    RecordingCall second;
    const conn_list_request request = user_page("2");
    p.list_resources(instance.get(), second.get(), &request);
    ::_exit(0);  // not reached when the plugin crashes
  }
  int status = 0;
  BOOST_REQUIRE(::waitpid(child, &status, 0) == child);
  BOOST_TEST(WIFSIGNALED(status));
  BOOST_TEST((WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV));
}

BOOST_AUTO_TEST_CASE(crashing_never_crashes_past_its_last_page) {
  const LoadedLibrary library(path_from_env("CRASHING_PLUGIN"));
  const RecordingHost host;
  const Instance instance(library.plugin(), host, R"({"crash_on_page":0,"user_count":5})");
  const Listing users = list_all(library.plugin().list_resources, instance.get(), "user", "");
  BOOST_TEST(users.page_sizes == (std::vector<std::size_t>{2, 2, 1}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
