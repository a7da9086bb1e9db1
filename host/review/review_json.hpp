// The JSON shapes of reviews: what `review list`, `show` and `report` print with
// -o json (times as ISO 8601 UTC), and the report auditors keep (docs/reviews.md).
#pragma once

#include <boost/json/object.hpp>

#include <vector>

#include <connector/store/reviews.hpp>
#include <connector/store/sqlite.hpp>

namespace connector::host::review {

// {"review","connector","name","scope":[globs],"as_of_run","as_of","created_at",
//  "closed_at"?,"state":"open|closed","items","decided","undecided","keep","revoke"}
boost::json::object review_summary(const store::Review& review,
                                   const std::vector<store::ReviewItem>& items);

// {"item","entitlement","entitlement_name","principal","principal_name","email","status",
//  "flags":[...],"held_since","held_since_run","decision"?,"reason"?,"reviewer"?,
//  "decided_at"?,"applied"?,"applied_at"?}
boost::json::object item_json(const store::ReviewItem& item);

// The evidence: {"report":{"generated_at"},"review":summary,"counts":{...},
//  "items":[item_json + "decisions":[every decision, oldest first],
//  "application"?:{"status","at","audit_id","detail"?},
//  "confirmation"?:{"status":"confirmed|still_held|awaiting_sync","run"?,"run_finished_at"?}]}
// A revocation is confirmed when the connector's latest good sync, finished after
// it, no longer holds the grant.
boost::json::object review_report(store::Database& db, const store::Review& review,
                                  store::TimePoint now);

}  // namespace connector::host::review
