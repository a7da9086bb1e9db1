// `review apply`: revoke, through the connector's plugin and the audited provisioning
// path, every item whose current decision is revoke. What each revoke did is recorded
// on the item, so running apply again sends no second write: an item recorded revoked
// or already_revoked answers already_revoked, one recorded pending answers pending
// (its operation is followed by `operations`); only failed ones are tried again.
#pragma once

#include <boost/json/object.hpp>

#include <cstddef>
#include <functional>

#include <connector/store/reviews.hpp>

#include "provisioning/audited_change.hpp"

namespace connector::host::review {

struct ApplyCounts {
  std::size_t revoked = 0;
  std::size_t already_revoked = 0;
  std::size_t pending = 0;
  std::size_t failed = 0;
  std::size_t dry_run = 0;
};

// One line per revoke-decided item, to `on_line`: {"item","entitlement","principal",
// "status":"revoked|already_revoked|pending|failed" (or "dry_run" with "dry_run":
// the request), "request_id"?, "operation"? (pending), "error"? (failed)}. A plugin
// error fails that item and the others go on; a refusal (provisioning disabled) or a
// store failure stops it (HostError). Audit entries carry {"review":ID,"name":...} as
// their origin.
ApplyCounts apply_review(const provisioning::ProvisioningEnvironment& environment,
                         const store::Review& review, bool dry_run,
                         const std::function<void(boost::json::object&&)>& on_line);

}  // namespace connector::host::review
