// Export of the latest good run as JSON lines and as CSV, each parsed back.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <map>
#include <sstream>

#include "connector/store/export.hpp"
#include "connector/store/sync_runs.hpp"
#include "store_fixtures.hpp"

using namespace connector::store;
using store_test::TempDir;

namespace {

// An RFC 4180 reader: quoted fields may hold commas, quotes ("") and line breaks.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      ++i;
    } else {
      field += c;
    }
  }
  BOOST_TEST(!quoted);
  BOOST_TEST(row.empty());  // the last row ended with CRLF
  return rows;
}

// A run with a user whose name needs quoting, a role, one grant.
std::int64_t write_sample(Store& store) {
  auto writer = SyncWriter::begin(store, "demo");
  writer.add_resource_type(store_test::resource_type("user"));
  writer.add_resource(store_test::user(1, "Lovelace, \"Ada\"\nCountess"));
  writer.add_resource(store_test::user(2, "", "disabled"));
  writer.add_resource(store_test::role(7, "Admins"));
  writer.add_entitlement(store_test::member_entitlement(7));
  writer.add_grant(store_test::member_grant(7, 1));
  return writer.commit().id;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(export_formats)

BOOST_AUTO_TEST_CASE(jsonl_is_one_item_per_line_with_its_kind) {
  TempDir dir;
  Store store(dir.path());
  const auto run_id = write_sample(store);
  std::ostringstream out;
  BOOST_TEST(export_run(store.db(), run_id, ExportFormat::jsonl, out) == 6);

  std::istringstream lines(out.str());
  std::vector<boost::json::object> items;
  for (std::string line; std::getline(lines, line);) {
    items.push_back(boost::json::parse(line).as_object());
  }
  BOOST_REQUIRE(items.size() == 6u);
  const std::vector<std::string> kinds{"resource_type", "resource",    "resource",
                                       "resource",      "entitlement", "grant"};
  for (std::size_t i = 0; i < items.size(); ++i) {
    BOOST_TEST(items[i].at("kind").as_string() == kinds[i]);
    BOOST_TEST(items[i].begin()->key() == "kind");  // first, for readers that peek
  }
  // Apart from "kind", each item is what the plugin sent.
  auto ada = items[2];  // resources by id: role:7, user:1, user:2
  ada.erase("kind");
  BOOST_TEST(ada == boost::json::parse(store_test::user(1, "Lovelace, \"Ada\"\nCountess")));
  BOOST_TEST(items[5].at("id").as_string() == "role:7:member:user:1");
}

// A plugin may send a number no double holds (valid JSON): the store keeps the text as
// sent, and a JSON line, parsed and written again, says null where Boost.JSON 1.81
// would write `Infinity` or `NaN`, neither of them JSON.
BOOST_AUTO_TEST_CASE(jsonl_writes_a_number_beyond_a_doubles_range_as_null) {
  TempDir dir;
  Store store(dir.path());
  auto writer = SyncWriter::begin(store, "demo");
  writer.add_resource_type(store_test::resource_type("user"));
  writer.add_resource(
      R"({"id":"user:1","type":"user","display_name":"Far","score":1e400,"odd":[0e999]})");
  const auto run_id = writer.commit().id;
  std::ostringstream out;
  BOOST_TEST(export_run(store.db(), run_id, ExportFormat::jsonl, out) == 2);
  std::istringstream lines(out.str());
  std::string line;
  std::getline(lines, line);
  BOOST_REQUIRE(std::getline(lines, line));
  boost::system::error_code ec;
  const boost::json::value user = boost::json::parse(line, ec);
  BOOST_REQUIRE_MESSAGE(!ec, line);
  BOOST_TEST(user.at("score").is_null());
  BOOST_TEST(boost::json::serialize(user.at("odd")) == "[null]");
}

BOOST_AUTO_TEST_CASE(csv_has_the_documented_columns_and_round_trips) {
  TempDir dir;
  Store store(dir.path());
  const auto run_id = write_sample(store);
  std::ostringstream out;
  BOOST_TEST(export_run(store.db(), run_id, ExportFormat::csv, out) == 6);

  const auto rows = parse_csv(out.str());
  BOOST_REQUIRE(rows.size() == 7u);
  BOOST_TEST(
      rows[0] == std::vector<std::string>(kExportCsvColumns.begin(), kExportCsvColumns.end()),
      boost::test_tools::per_element());
  for (const auto& row : rows) BOOST_TEST(row.size() == kExportCsvColumns.size());

  auto cells = [&](std::size_t row) {
    std::map<std::string, std::string> named;
    for (std::size_t column = 0; column < kExportCsvColumns.size(); ++column) {
      named[std::string(kExportCsvColumns[column])] = rows[row][column];
    }
    return named;
  };
  auto type = cells(1);
  BOOST_TEST(type["kind"] == "resource_type");
  BOOST_TEST(type["id"] == "user");
  auto ada = cells(2);
  BOOST_TEST(ada["kind"] == "resource");
  BOOST_TEST(ada["id"] == "role:7");  // resources by id: role:7 < user:1 < user:2
  ada = cells(3);
  BOOST_TEST(ada["id"] == "user:1");
  BOOST_TEST(ada["type"] == "user");
  BOOST_TEST(ada["display_name"] == "Lovelace, \"Ada\"\nCountess");
  BOOST_TEST(ada["status"] == "enabled");
  BOOST_TEST(ada["email"] == "user1@example.com");
  BOOST_TEST(cells(4)["status"] == "disabled");
  auto entitlement = cells(5);
  BOOST_TEST(entitlement["kind"] == "entitlement");
  BOOST_TEST(entitlement["id"] == "role:7:member");
  BOOST_TEST(entitlement["resource"] == "role:7");
  BOOST_TEST(entitlement["display_name"] == "Role 7 member");
  auto grant = cells(6);
  BOOST_TEST(grant["kind"] == "grant");
  BOOST_TEST(grant["resource"] == "role:7");
  BOOST_TEST(grant["entitlement"] == "role:7:member");
  BOOST_TEST(grant["principal"] == "user:1");
}

// Issue 20 item 5: a name typed into the tenant must never run as a spreadsheet formula.
BOOST_AUTO_TEST_CASE(csv_neutralises_cells_a_spreadsheet_would_run_as_formulas) {
  TempDir dir;
  Store store(dir.path());
  auto writer = SyncWriter::begin(store, "demo");
  writer.add_resource_type(store_test::resource_type("user"));
  writer.add_resource(store_test::user(1, "=HYPERLINK(\"http://0.0.0.0/x\")"));
  writer.add_resource(store_test::user(2, "+1 555"));
  writer.add_resource(store_test::user(3, "@SUM(A1)"));
  writer.add_resource(store_test::user(4, "-2+3"));
  writer.add_resource(store_test::user(5, "\tcmd"));
  writer.add_resource(store_test::user(6, "Ada = Lovelace"));
  const auto run_id = writer.commit().id;
  std::ostringstream out;
  export_run(store.db(), run_id, ExportFormat::csv, out);

  // The line as a spreadsheet gets it: the formula is quoted text, led by '.
  BOOST_TEST(out.str().find("\"'=HYPERLINK(\"\"http://0.0.0.0/x\"\")\"") != std::string::npos,
             out.str());
  const auto rows = parse_csv(out.str());
  BOOST_REQUIRE(rows.size() == 8u);
  const std::vector<std::string> names{"'=HYPERLINK(\"http://0.0.0.0/x\")",
                                       "'+1 555",
                                       "'@SUM(A1)",
                                       "'-2+3",
                                       "'\tcmd",
                                       "Ada = Lovelace"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    BOOST_TEST(rows[i + 2][3] == names[i]);  // display_name; rows 0-1: header, type
    BOOST_TEST(rows[i + 2][0] == "resource");
  }
}

BOOST_AUTO_TEST_CASE(an_unknown_format_is_refused) {
  BOOST_TEST((parse_export_format("csv") == ExportFormat::csv));
  BOOST_TEST((parse_export_format("jsonl") == ExportFormat::jsonl));
  BOOST_CHECK_THROW(parse_export_format("xml"), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
