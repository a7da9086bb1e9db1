// Writing the state at a stored run for other tools.
//
// jsonl: one item per line, the item JSON as the plugin emitted it with a leading
//        "kind" member: "resource_type", "resource", "entitlement" or "grant".
// csv:   RFC 4180, one header line then one row per item, the single flat file that
//        IGA tools' flat-file imports read; columns (kExportCsvColumns):
//        kind,id,type,display_name,status,parent,email,resource,entitlement,principal
//        resource_type  id, display_name
//        resource       id, type, display_name, status, parent, email (profile.email)
//        entitlement    id, display_name, resource
//        grant          id, resource, entitlement, principal
//        A cell from the tenant that starts with = + - @, a tab or CR (or ') gets a
//        leading ' so that no spreadsheet runs it as a formula (common/csv.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <ostream>
#include <string_view>

#include "connector/store/sqlite.hpp"

namespace connector::store {

enum class ExportFormat { jsonl, csv };

// "jsonl" or "csv"; throws std::invalid_argument otherwise.
ExportFormat parse_export_format(std::string_view name);

inline constexpr std::array<std::string_view, 10> kExportCsvColumns{
    "kind",   "id",    "type",     "display_name", "status",
    "parent", "email", "resource", "entitlement",  "principal"};

// Writes the state at good run `run_id` (resource types, resources, entitlements,
// grants, each by id) and returns how many items were written.
std::int64_t export_run(Database& db, std::int64_t run_id, ExportFormat format, std::ostream& out);

}  // namespace connector::store
