// The store's records as JSON objects, the shapes `sync`, `diff`, `audit` and
// `operations` print with `-o json` (times as ISO 8601 UTC strings).
#pragma once

#include <boost/json/object.hpp>

#include "connector/store/audit_log.hpp"
#include "connector/store/diff.hpp"
#include "connector/store/history.hpp"
#include "connector/store/operations.hpp"
#include "connector/store/sync_run.hpp"

namespace connector::store {

// {"run_id","connector","status","started_at","finished_at"?,"duration_ms"?,
//  "resource_types","resources","entitlements","grants","added","changed","removed",
//  "error"?,"quarantine_reason"?} (added/changed/removed: items, against the previous
//  good run; for a failed run 0)
boost::json::object to_json(const SyncRun& run);

// {"change":"added|removed|changed","kind":"resource","id","type","display_name"?,
//  "status"?,"old_display_name"?,"old_status"?}
boost::json::object to_json(const ResourceChange& change);

// {"change":"added|removed|changed","kind":"grant","id","entitlement","principal"}
boost::json::object to_json(const GrantChange& change);

// {"run","time","change":"added|removed|changed","kind":"resource|entitlement|grant","id",
//  "entitlement"?,"principal"? (grants)}
boost::json::object to_json(const HistoryChange& change);

// {"id","time","connector","operation","target"?,"principal"?,"result","request_id"?,
//  "dry_run","details"? (the stored JSON value)}
boost::json::object to_json(const AuditEntry& entry);

// {"id","connector","kind","target"?,"principal"?,"operation" (the plugin's object),
//  "state","created_at","updated_at","deadline"?,"last_detail"?,"outcome"?}
boost::json::object to_json(const PendingOperation& operation);

}  // namespace connector::store
