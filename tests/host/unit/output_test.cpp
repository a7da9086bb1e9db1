#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <sstream>

#include "commands/provisioning.hpp"
#include "output/console_table.hpp"
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

BOOST_AUTO_TEST_CASE(cells_stay_on_one_line_and_are_redacted) {
  log::Redactor redactor;
  redactor.add("hunter2");
  const auto item =
      json::parse(R"({"m":"line1\nline2 hunter2","b":true,"n":null,"o":{"x":1}})").as_object();
  BOOST_TEST(output::cell_text(item, "m") == "line1 line2 hunter2");
  BOOST_TEST(output::cell_text(item, "b") == "true");
  BOOST_TEST(output::cell_text(item, "n") == "-");
  BOOST_TEST(output::cell_text(item, "o") == R"({"x":1})");
  BOOST_TEST(output::cell_text(item, "absent") == "-");
  std::ostringstream out;
  auto printer = output::make_printer(output::Format::console, {{"M", "m"}}, redactor, out);
  printer->print(item);
  printer->finish();
  BOOST_TEST(out.str() == "M\nline1 line2 [REDACTED]\n");
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
