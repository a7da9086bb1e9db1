// The conn_call the host gives plugins, driven the way a plugin would drive it.
#include "runtime/call_context.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <thread>

#include "runtime/call_error.hpp"
#include "runtime/interrupt.hpp"

namespace json = boost::json;
using namespace connector::host::runtime;

namespace {

conn_str str(std::string_view s) { return conn_str{s.data(), s.size()}; }

struct Collected {
  std::vector<json::object> items;
  ItemSink sink() {
    return [this](json::object&& item) { items.push_back(std::move(item)); };
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(call_context)

BOOST_AUTO_TEST_CASE(emitted_objects_reach_the_sink) {
  Collected collected;
  CallContext context("demo", "list_resources", collected.sink(), std::nullopt);
  const conn_call* call = context.raw();
  BOOST_TEST(call->struct_size == sizeof(conn_call));
  BOOST_TEST(call->emit(call, str(R"({"id":"user:1"})")) == 1);
  BOOST_TEST(call->emit(call, str(R"({"id":"user:2"})")) == 1);
  call->next_page(call, str("tok-2"));
  BOOST_CHECK_NO_THROW(context.finish(CONN_OK));
  BOOST_TEST_REQUIRE(collected.items.size() == 2u);
  BOOST_TEST(collected.items[1].at("id").as_string() == "user:2");
  BOOST_TEST(context.next_page_token() == "tok-2");
  BOOST_TEST(call->remaining_ms(call) == -1);
  BOOST_TEST(call->cancelled(call) == 0);
}

BOOST_AUTO_TEST_CASE(invalid_json_stops_the_call_with_a_clear_error) {
  for (const std::string_view bad :
       {std::string_view("{\"id\":"), std::string_view("[1,2]"), std::string_view("{} {}")}) {
    Collected collected;
    CallContext context("bad-json", "list_resources", collected.sink(), std::nullopt);
    const conn_call* call = context.raw();
    BOOST_TEST(call->emit(call, str(bad)) == 0, bad);
    BOOST_TEST(call->emit(call, str(R"({"id":"later"})")) == 0);  // stays stopped
    try {
      context.finish(CONN_OK);
      BOOST_FAIL("no error for " << bad);
    } catch (const PluginCallError& e) {
      BOOST_TEST(e.status() == CONN_INTERNAL);
      BOOST_TEST(std::string(e.what()).rfind(
                     "plugin 'bad-json': INTERNAL: list_resources emitted item #1", 0) == 0u,
                 e.what());
    }
    BOOST_TEST(collected.items.empty());
  }
}

// A text sink that parses every text anyway checks it itself: the call hands it each
// text as emitted, and its verdict fails the call in the call's own words.
BOOST_AUTO_TEST_CASE(a_text_sink_that_checks_itself_gets_every_text_and_fails_the_call) {
  std::vector<std::string> received;
  const ItemTextSink sink(
      [&](std::string_view text) {
        if (text.front() != '{') throw NotOneJsonObject("not a JSON object");
        received.emplace_back(text);
      },
      ItemTextSink::Check::by_receiver);
  CallContext context("bad-json", "list_grants", sink, std::nullopt);
  const conn_call* call = context.raw();
  BOOST_TEST(call->emit(call, str(R"({"id":"a"})")) == 1);
  BOOST_TEST(call->emit(call, str("{not json, but the sink's to say")) == 1);
  BOOST_TEST(call->emit(call, str(R"(["a"])")) == 0);
  BOOST_TEST(call->emit(call, str(R"({"id":"later"})")) == 0);  // stays stopped
  BOOST_TEST(received.size() == 2u);
  try {
    context.finish(CONN_OK);
    BOOST_FAIL("no error");
  } catch (const PluginCallError& e) {
    BOOST_TEST(e.status() == CONN_INTERNAL);
    BOOST_TEST(std::string(e.what()).rfind("plugin 'bad-json': INTERNAL: list_grants emitted item "
                                           "#3 that is not a JSON object",
                                           0) == 0u,
               e.what());
  }
}

BOOST_AUTO_TEST_CASE(fail_becomes_a_plugin_call_error_with_details) {
  CallContext context("demo", "grant", {}, std::nullopt);
  const conn_call* call = context.raw();
  call->fail(call, CONN_UNAVAILABLE, str("upstream down"), str(R"({"retry_after_ms":1500})"));
  try {
    context.finish(CONN_UNAVAILABLE);
    BOOST_FAIL("no error");
  } catch (const PluginCallError& e) {
    BOOST_TEST(std::string(e.what()) == "plugin 'demo': UNAVAILABLE: upstream down");
    BOOST_TEST(e.status() == CONN_UNAVAILABLE);
    BOOST_TEST(e.plugin_message() == "upstream down");
    BOOST_TEST(e.details().at("retry_after_ms").as_int64() == 1500);
    BOOST_TEST(static_cast<int>(e.code()) == 5);
  }
}

BOOST_AUTO_TEST_CASE(non_ok_without_fail_still_explains) {
  CallContext context("demo", "validate", {}, std::nullopt);
  BOOST_CHECK_EXCEPTION(context.finish(CONN_NOT_FOUND), PluginCallError,
                        [](const PluginCallError& e) {
                          return std::string(e.what()) ==
                                 "plugin 'demo': NOT_FOUND: validate failed without a message";
                        });
}

BOOST_AUTO_TEST_CASE(oversized_page_token_is_a_plugin_bug) {
  CallContext context("demo", "list_grants", {}, std::nullopt);
  const std::string token(CallContext::max_page_token_size + 1, 'x');
  context.raw()->next_page(context.raw(), str(token));
  BOOST_CHECK_THROW(context.finish(CONN_OK), PluginCallError);
}

BOOST_AUTO_TEST_CASE(sink_exception_is_rethrown_after_the_call) {
  CallContext context(
      "demo", "list_resources", [](json::object&&) { throw std::runtime_error("disk full"); },
      std::nullopt);
  BOOST_TEST(context.raw()->emit(context.raw(), str("{}")) == 0);
  BOOST_CHECK_EXCEPTION(
      context.finish(CONN_OK), std::runtime_error,
      [](const std::runtime_error& e) { return std::string(e.what()) == "disk full"; });
}

BOOST_AUTO_TEST_CASE(deadline_cancels_and_maps_to_exit_124) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(30);
  CallContext context("demo", "list_resources", {}, deadline);
  const conn_call* call = context.raw();
  BOOST_TEST(call->remaining_ms(call) > 0);
  BOOST_TEST(call->remaining_ms(call) <= 30);
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  BOOST_TEST(call->cancelled(call) == 1);
  BOOST_TEST(call->remaining_ms(call) == 0);
  BOOST_CHECK_EXCEPTION(
      context.finish(CONN_CANCELLED), connector::host::HostError,
      [](const connector::host::HostError& e) { return static_cast<int>(e.code()) == 124; });
}

BOOST_AUTO_TEST_CASE(interrupt_is_seen_by_the_plugin_and_maps_to_128_plus_signal) {
  CallContext context("demo", "list_resources", {}, std::nullopt);
  set_interrupt_signal(SIGINT);
  const int cancelled = context.raw()->cancelled(context.raw());
  bool mapped = false;
  try {
    context.finish(CONN_CANCELLED);
  } catch (const connector::host::HostError& e) {
    mapped = static_cast<int>(e.code()) == 130 && std::string(e.what()) == "cancelled by SIGINT";
  }
  set_interrupt_signal(0);
  BOOST_TEST(cancelled == 1);
  BOOST_TEST(mapped);
}

BOOST_AUTO_TEST_SUITE_END()
