// `review start`: freeze the grants of one good run whose entitlement is in scope as
// a new review's items, each with what a reviewer needs to decide (names, email,
// status, since when it is held) and the flags that call for attention.
//
// Flags, read from the items' standard fields (docs/reviews.md):
//   disabled            the principal's resource has "status": "disabled"
//   administrator       the principal's "profile" has "administrator": true
//   mfa_not_configured  the principal's "profile" has "mfaConfigured": false
//   new                 held since a run after this connector's previous review of the
//                       entitlement (the latest earlier review whose scope covers it),
//                       or, without one, after the connector's first kept good run
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <connector/store/reviews.hpp>
#include <connector/store/sqlite.hpp>
#include <connector/store/sync_run.hpp>

namespace connector::host::review {

struct StartRequest {
  std::string connector;
  std::string name;
  std::vector<std::string> scope;  // entitlement globs; empty: all
  store::SyncRun run;              // a good run of the connector
  store::TimePoint now;
};

struct StartedReview {
  std::int64_t id = 0;
  std::size_t items = 0;
};

// Reads the state at the run and records the review, in one transaction. Throws
// HostError (usage) and records nothing when no grant of the run is in scope: an
// empty review is a mistyped glob or the wrong connector far more often than intent.
StartedReview start_review(store::Database& db, const StartRequest& request);

// The items start_review would freeze (for tests and for start itself).
std::vector<store::ReviewItem> items_at(store::Database& db, const StartRequest& request);

}  // namespace connector::host::review
