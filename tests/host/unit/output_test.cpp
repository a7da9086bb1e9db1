#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <locale.h>

#include <cmath>

#include <sstream>
#include <string>
#include <thread>

#include "commands/provisioning.hpp"
#include "output/console_table.hpp"
#include "output/display_width.hpp"
#include "output/pretty_json.hpp"
#include "output/printer.hpp"

namespace json = boost::json;
using namespace connector::host;

BOOST_AUTO_TEST_SUITE(printing)

BOOST_AUTO_TEST_CASE(console_table_aligns_columns_and_renders_values) {
  log::Redactor redactor;
  std::ostringstream out;
  auto printer = output::make_printer(output::Format::console,
                                      {{"ID", "id"}, {"TRAITS", "traits"}, {"OP", "operation.id"}},
                                      redactor, out);
  printer->print(
      json::parse(R"({"id":"user:1","traits":["user","app"],"operation":{"id":"ticket:8"}})")
          .as_object());
  printer->print(json::parse(R"({"id":"role:700","traits":[]})").as_object());
  printer->finish();
  BOOST_TEST(out.str() ==
             "ID        TRAITS    OP\n"
             "user:1    user,app  ticket:8\n"
             "role:700            -\n");
}

// The names the simulator's generator (and so the demo) uses, and a combining mark.
const std::string kChinese = "\u5c0f\u660e \u738b";             // 小明 王
const std::string kEmoji = "Emoji \U0001F600 Party\U0001F389";  // Emoji 😀 Party🎉
const std::string kCombining = "Jose\u0301 Nu\u0303ez";         // José Nuñez, decomposed

BOOST_AUTO_TEST_CASE(display_width_counts_terminal_cells) {
  // This process never called setlocale: it runs in the "C" locale, as under LANG=C.
  BOOST_TEST(std::string(setlocale(LC_CTYPE, nullptr)) == "C");
  BOOST_TEST(output::display_width("") == 0u);
  BOOST_TEST(output::display_width("user:1") == 6u);
  BOOST_TEST(output::display_width(kChinese) == 7u);     // 2 + 2 + 1 + 2
  BOOST_TEST(output::display_width(kEmoji) == 16u);      // "Emoji " 6, 2, " Party" 6, 2
  BOOST_TEST(output::display_width(kCombining) == 9u);   // the marks take no cell
  BOOST_TEST(output::display_width("\xff\xfe") == 2u);   // not UTF-8: a cell per byte
  BOOST_TEST(output::display_width("a\xe5\xb0") == 3u);  // a sequence cut short
  BOOST_TEST(output::display_width("\xc0\xaf") == 2u);   // an overlong '/'
  // The thread's locale is put back, and other threads measure the same.
  BOOST_TEST((uselocale(static_cast<locale_t>(0)) == LC_GLOBAL_LOCALE));
  std::size_t in_thread = 0;
  std::thread([&] { in_thread = output::display_width(kEmoji); }).join();
  BOOST_TEST(in_thread == 16u);
}

BOOST_AUTO_TEST_CASE(console_table_aligns_wide_and_combining_characters) {
  log::Redactor redactor;
  std::ostringstream out;
  auto printer = output::make_printer(output::Format::console, {{"NAME", "name"}, {"ID", "id"}},
                                      redactor, out);
  for (const auto& [name, id] : {std::pair{kChinese, "user:1"}, std::pair{kEmoji, "user:2"},
                                 std::pair{kCombining, "user:3"}}) {
    printer->print(json::object{{"name", name}, {"id", id}});
  }
  printer->finish();
  // NAME is as wide as its widest cell (16), then two spaces: ID starts at cell 18.
  BOOST_TEST(out.str() == "NAME" + std::string(14, ' ') + "ID\n" +            //
                              kChinese + std::string(11, ' ') + "user:1\n" +  //
                              kEmoji + std::string(2, ' ') + "user:2\n" +     //
                              kCombining + std::string(9, ' ') + "user:3\n");
}

BOOST_AUTO_TEST_CASE(cells_stay_on_one_line_and_are_redacted) {
  log::Redactor redactor;
  redactor.add("hunter2");
  const auto item =
      json::parse(R"({"m":"line1\nline2 hunter2","b":true,"n":null,"o":{"x":1}})").as_object();
  BOOST_TEST(output::cell_text(item, "m") == "line1\nline2 hunter2");
  BOOST_TEST(output::cell_text(item, "b") == "true");
  BOOST_TEST(output::cell_text(item, "n") == "-");
  BOOST_TEST(output::cell_text(item, "o") == R"({"x":1})");
  BOOST_TEST(output::cell_text(item, "absent") == "-");
  std::ostringstream out;
  auto printer = output::make_printer(output::Format::console, {{"M", "m"}}, redactor, out);
  printer->print(item);
  printer->finish();
  BOOST_TEST(out.str() == "M\nline1\\nline2 [REDACTED]\n");
}

// A tenant's data drives no terminal: ESC and C1 sequences, a bell and a
// bidirectional override print as visible escapes, measured as what they print.
BOOST_AUTO_TEST_CASE(console_cells_escape_terminal_sequences) {
  log::Redactor redactor;
  redactor.add("hunter2");
  std::ostringstream out;
  auto printer = output::make_printer(output::Format::console, {{"NAME", "name"}, {"ID", "id"}},
                                      redactor, out);
  printer->print(json::object{{"name",
                               "\x1b]0;owned\x07"
                               "Eve\x1b[2J"},
                              {"id", "user:1"}});
  printer->print(json::object{{"name",
                               "\xc2\x9b"
                               "31mhunter2\te\xe2\x80\xae"
                               "nimda"},
                              {"id", "user:2"}});
  printer->finish();
  BOOST_TEST(out.str().find('\x1b') == std::string::npos);
  BOOST_TEST(out.str() == "NAME" + std::string(31, ' ') + "ID\n" +  // 33 cells wide
                              "\\x1b]0;owned\\x07Eve\\x1b[2J" + std::string(9, ' ') +
                              "user:1\n" +                                        // 26
                              "\\u009b31m[REDACTED]\\te\\u202enimda  user:2\n");  // 33
}

BOOST_AUTO_TEST_CASE(json_lines_print_one_object_per_line_redacted) {
  log::Redactor redactor;
  redactor.add("hunter2");
  std::ostringstream out;
  auto printer = output::make_printer(output::Format::json, {}, redactor, out);
  printer->print(json::parse(R"({"id":"a","note":"pw hunter2"})").as_object());
  printer->print(json::parse(R"({"id":"b"})").as_object());
  printer->finish();
  BOOST_TEST(out.str() == "{\"id\":\"a\",\"note\":\"pw [REDACTED]\"}\n{\"id\":\"b\"}\n");
}

// A plugin may emit a number no double holds (valid JSON). Boost.JSON 1.81 reads 1e400
// as infinity and 0e999 as NaN, and serialize() writes them as `Infinity` and `NaN`:
// every format prints null instead, so the output stays JSON.
BOOST_AUTO_TEST_CASE(numbers_beyond_a_doubles_range_print_as_null_in_every_format) {
  log::Redactor redactor;
  const json::object item =
      json::parse(R"({"id":"user:1","score":1e400,"ranks":[-1e999,2],"odd":{"x":0e999}})")
          .as_object();
  BOOST_REQUIRE(std::isinf(item.at("score").as_double()));

  std::ostringstream lines;
  auto json_lines = output::make_printer(output::Format::json, {}, redactor, lines);
  json_lines->print(item);
  json_lines->finish();
  BOOST_TEST(lines.str() ==
             "{\"id\":\"user:1\",\"score\":null,\"ranks\":[null,2],"
             "\"odd\":{\"x\":null}}\n");

  const std::string pretty = output::pretty_json(item);
  BOOST_TEST(json::parse(pretty) == json::parse(R"({"id":"user:1","score":null,)"
                                                R"("ranks":[null,2],"odd":{"x":null}})"),
             pretty);

  std::ostringstream table;
  auto console = output::make_printer(
      output::Format::console, {{"ID", "id"}, {"SCORE", "score"}, {"X", "odd.x"}}, redactor, table);
  console->print(item);
  console->finish();
  BOOST_TEST(table.str().find("Infinity") == std::string::npos, table.str());
  BOOST_TEST(table.str().find("NaN") == std::string::npos, table.str());
}

BOOST_AUTO_TEST_CASE(format_names) {
  BOOST_TEST((output::parse_format("json") == output::Format::json));
  BOOST_TEST((output::parse_format("console") == output::Format::console));
  BOOST_TEST(!output::parse_format("yaml").has_value());
}

BOOST_AUTO_TEST_CASE(grant_ids_split_into_entitlement_and_principal) {
  const auto [entitlement, principal] = commands::split_grant_id("role:7:member:user:101");
  BOOST_TEST(entitlement == "role:7:member");
  BOOST_TEST(principal == "user:101");
  for (const char* bad :
       {"user:1", "a:b", ":user:1", "role:7:member:user:", "role:7:member::1", ""}) {
    BOOST_CHECK_THROW(commands::split_grant_id(bad), HostError);
  }
}

BOOST_AUTO_TEST_SUITE_END()
