#include "connector/store/export.hpp"

#include <boost/json.hpp>

#include <stdexcept>
#include <string>

#include "common/csv.hpp"
#include "common/finite_json.hpp"
#include "connector/store/sync_runs.hpp"
#include "item_text.hpp"
#include "state_query.hpp"
#include "version_table.hpp"

namespace connector::store {
namespace {

// One query per kind, each yielding the CSV columns after "kind" (in
// kExportCsvColumns order) and, last, the item JSON for jsonl.
struct KindQuery {
  std::string_view kind;
  std::string sql;
};

// ?1 the connector, ?2 the run: the versions holding at the run.
const std::string kAtRun = detail::held_at_run();

const std::array<KindQuery, 4> kQueries{{
    {"resource_type",
     "SELECT id, NULL, json_extract(json, '$.display_name'), NULL, NULL, NULL, NULL, NULL, NULL, " +
         detail::item_text() + " FROM item_versions WHERE kind = 0 AND " + kAtRun + " ORDER BY id"},
    {"resource",
     "SELECT id, type, json_extract(json, '$.display_name'), json_extract(json, '$.status'),"
     " json_extract(json, '$.parent'), json_extract(json, '$.profile.email'), NULL, NULL, NULL, " +
         detail::item_text() + " FROM item_versions WHERE kind = 1 AND " + kAtRun + " ORDER BY id"},
    {"entitlement",
     "SELECT id, NULL, json_extract(json, '$.display_name'), NULL, NULL, NULL, resource, NULL,"
     " NULL, " +
         detail::item_text() + " FROM item_versions WHERE kind = 2 AND " + kAtRun + " ORDER BY id"},
    {"grant",
     "SELECT g.id, NULL, NULL, NULL, NULL, NULL,"
     " (SELECT e.resource FROM item_versions e WHERE e.kind = 2 AND e.id = g.entitlement AND " +
         detail::held_at_run("e") + "), g.entitlement, g.principal, " + detail::item_text("g") +
         " FROM item_versions g WHERE g.kind = 3 AND " + detail::held_at_run("g") +
         " ORDER BY g.id"},
}};

constexpr int kJsonColumn = 9;

// Every column but "kind" comes from the tenant: neutralised (common/csv.hpp).
void write_csv_row(csv::Writer& out, std::string_view kind, const Statement& row) {
  out.cell(kind);
  for (int column = 0; column < kJsonColumn; ++column) {
    // json_extract yields numbers for numeric members; text() renders them as text.
    out.data(row.is_null(column) ? std::string() : row.text(column));
  }
  out.end_row();
}

void write_jsonl_row(std::ostream& out, std::string_view kind, const Statement& row) {
  boost::json::object item = boost::json::parse(row.text_view(kJsonColumn)).as_object();
  boost::json::object line;
  line.reserve(item.size() + 1);
  line["kind"] = kind;
  for (auto& member : item) {
    if (member.key() != "kind") line[member.key()] = std::move(member.value());
  }
  out << host::serialize_json(line) << '\n';
}

}  // namespace

ExportFormat parse_export_format(std::string_view name) {
  if (name == "jsonl") return ExportFormat::jsonl;
  if (name == "csv") return ExportFormat::csv;
  throw std::invalid_argument("unknown export format \"" + std::string(name) +
                              "\" (expected jsonl or csv)");
}

std::int64_t export_run(Database& db, std::int64_t run_id, ExportFormat format, std::ostream& out) {
  // One read transaction: a sync or retention committing meanwhile changes nothing seen.
  Transaction read(db, Transaction::Mode::deferred);
  const auto run = find_run(db, run_id);
  if (!run) throw std::invalid_argument("export: no sync run " + std::to_string(run_id));
  const std::int64_t connector = detail::find_connector(db, run->connector).value_or(0);
  csv::Writer csv_out(out);
  if (format == ExportFormat::csv) {
    for (const std::string_view column : kExportCsvColumns) csv_out.cell(column);
    csv_out.end_row();
  }
  std::int64_t written = 0;
  for (const auto& [kind, sql] : kQueries) {
    Statement rows(db, sql);
    rows.bind(1, connector).bind(2, run_id);
    while (rows.step()) {
      if (format == ExportFormat::csv) {
        write_csv_row(csv_out, kind, rows);
      } else {
        write_jsonl_row(out, kind, rows);
      }
      ++written;
    }
  }
  read.commit();
  if (!out) throw std::runtime_error("export: writing the output failed");
  return written;
}

}  // namespace connector::store
