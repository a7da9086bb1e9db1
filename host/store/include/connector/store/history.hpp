// Who had what, when: the changes of a principal's grants, an entitlement's grants or
// a resource's items across the runs the store keeps, and since when a grant has
// been held without a break.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connector/store/diff.hpp"
#include "connector/store/sqlite.hpp"
#include "connector/store/sync_run.hpp"

namespace connector::store {

// Whose history: exactly one is set.
struct HistorySubject {
  // The principal's own resource and the grants it holds, eg "user:101".
  std::optional<std::string> principal;
  // The entitlement and its grants, eg "role:7:member".
  std::optional<std::string> entitlement;
  // The resource, its entitlements and their grants, eg "role:7".
  std::optional<std::string> resource;
};

struct HistoryChange {
  std::int64_t run = 0;
  TimePoint time;  // when the run finished
  Change change = Change::added;
  std::string kind;  // "resource", "entitlement" or "grant"
  std::string id;
  std::optional<std::string> entitlement;  // grants
  std::optional<std::string> principal;    // grants
};

// The subject's changes after good run `since_run` (0: from the history start), oldest
// first (by run, then kind, then id). A version begun before the connector's history
// start reads as added at it.
std::vector<HistoryChange> history(Database& db, std::string_view connector,
                                   const HistorySubject& subject, std::int64_t since_run = 0);

// The earliest good run since which grant `grant_id` has been held without a break up
// to good run `at_run` (the history start when it was held then already); none when
// it is not held at `at_run`.
std::optional<SyncRun> held_since(Database& db, std::string_view connector,
                                  std::string_view grant_id, std::int64_t at_run);

}  // namespace connector::store
