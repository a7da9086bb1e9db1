// common/csv: what a spreadsheet writes comes back as cells, malformed files are
// refused naming their line, and neutralised cells round trip.
#include <boost/test/unit_test.hpp>

#include <sstream>

#include "common/csv.hpp"

namespace csv = connector::csv;

namespace {

std::vector<std::vector<std::string>> cells_of(std::string_view text) {
  std::vector<std::vector<std::string>> cells;
  for (auto& row : csv::parse(text)) cells.push_back(row.cells);
  return cells;
}

// The line a malformed text is refused at, and its message.
std::pair<std::size_t, std::string> refusal(std::string_view text) {
  try {
    csv::parse(text);
  } catch (const csv::ParseError& e) {
    return {e.line(), e.what()};
  }
  BOOST_FAIL("accepted: " << text);
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csv_format)

BOOST_AUTO_TEST_CASE(quoted_cells_hold_commas_quotes_and_line_breaks) {
  const auto rows = csv::parse("a,\"b,1\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\r\nlast,row,");
  BOOST_REQUIRE(rows.size() == 3u);
  BOOST_TEST(rows[0].cells == (std::vector<std::string>{"a", "b,1", "say \"hi\""}));
  BOOST_TEST(rows[1].cells == (std::vector<std::string>{"two\nlines", "", "x"}));
  BOOST_TEST(rows[1].line == 2u);
  BOOST_TEST(rows[2].line == 4u);  // the quoted line break counts
  BOOST_TEST(rows[2].cells == (std::vector<std::string>{"last", "row", ""}));
}

BOOST_AUTO_TEST_CASE(a_byte_order_mark_blank_lines_and_any_line_end_are_accepted) {
  BOOST_TEST(cells_of("\xEF\xBB\xBFid,name\n\n1,Ada\r2,Grace\r\n") ==
             (std::vector<std::vector<std::string>>{{"id", "name"}, {"1", "Ada"}, {"2", "Grace"}}));
  const auto rows = csv::parse("\xEF\xBB\xBFh\n\n\nx\n");
  BOOST_TEST(rows.at(1).line == 4u);
}

BOOST_AUTO_TEST_CASE(malformed_text_is_refused_at_its_line) {
  auto [line, message] = refusal("a,b\nc,d\"e\n");
  BOOST_TEST(line == 2u);
  BOOST_TEST(message.find("line 2: a quote inside a cell") == 0u, message);

  std::tie(line, message) = refusal("a,b\n\"c\"d,e\n");
  BOOST_TEST(line == 2u);
  BOOST_TEST(message == "line 2: text after the closing quote of a cell");

  std::tie(line, message) = refusal("a,b\nc,\"never\nclosed\n");
  BOOST_TEST(line == 2u);
  BOOST_TEST(message == "line 2: a quoted cell is not closed before the end of the file");

  std::tie(line, message) = refusal("a,b\n1,2\n3,\xC3\x28\n");
  BOOST_TEST(line == 3u);
  BOOST_TEST(message.find("not UTF-8") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(cells_a_spreadsheet_would_run_are_neutralised_and_come_back) {
  std::ostringstream out;
  csv::Writer writer(out);
  const std::vector<std::string> values{"=HYPERLINK(\"http://0.0.0.0/x\")",
                                        "+1",
                                        "-1",
                                        "@A1",
                                        "\tx",
                                        "\rx",
                                        "'quoted",
                                        "'",
                                        "plain",
                                        "",
                                        "a=b",
                                        "δοκιμή 名前 😀"};
  writer.cell("header");
  for (const auto& value : values) writer.data(value);
  writer.end_row();
  BOOST_TEST(out.str().starts_with("header,\"'=HYPERLINK(\"\"http://0.0.0.0/x\"\")\",'+1,'-1,'@A1,"
                                   "'\tx,\"'\rx\",''quoted,'',plain,,a=b,"),
             out.str());
  const auto rows = csv::parse(out.str());
  BOOST_REQUIRE(rows.size() == 1u);
  BOOST_REQUIRE(rows[0].cells.size() == values.size() + 1);
  for (std::size_t i = 0; i < values.size(); ++i) {
    BOOST_TEST(std::string(csv::strip_neutralisation(rows[0].cells[i + 1])) == values[i]);
  }
  // A cell a person typed with a leading ' stays as typed.
  BOOST_TEST(csv::strip_neutralisation("'abc") == "'abc");
}

BOOST_AUTO_TEST_SUITE_END()
