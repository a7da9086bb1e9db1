// The audit log: one entry per provisioning action the host performed or
// attempted (grant, revoke, create_account, delete_account), dry runs included.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connector/store/sqlite.hpp"
#include "connector/store/sync_run.hpp"

namespace connector::store {

struct AuditEntry {
  std::int64_t id = 0;  // assigned by the store
  TimePoint time;
  std::string connector;                 // eg "ninjaone-prod"
  std::string operation;                 // eg "grant"
  std::optional<std::string> target;     // eg "role:7:member" or "user:101"
  std::optional<std::string> principal;  // eg "user:101"
  std::string result;                    // eg "granted", "pending", "error: PERMISSION_DENIED"
  std::optional<std::string> request_id;
  bool dry_run = false;
  std::optional<std::string> details_json;  // a JSON value, eg the plugin's answer
};

// Appends `entry` (its id is ignored) and returns the new entry's id.
std::int64_t append_audit(Database& db, const AuditEntry& entry);

// The connector's entries, newest first, at most `limit`.
std::vector<AuditEntry> list_audit(Database& db, std::string_view connector, std::size_t limit);

}  // namespace connector::store
