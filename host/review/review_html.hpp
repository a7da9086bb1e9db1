// A review, and its report, as one self-contained HTML page a reviewer or an auditor
// opens in a browser: no script, font, style sheet or image from anywhere else; every
// text node and attribute escaped (& < > " '), so a name typed into the tenant can
// never become markup.
#pragma once

#include <boost/json/object.hpp>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <connector/store/reviews.hpp>

namespace connector::host::review {

// & < > " ' as character references.
std::string html_escape(std::string_view text);

// Counts at the top, then one table per entitlement, flags as badges, the current
// decisions; decisions are made in the CSV (the page says how).
void write_review_html(std::ostream& out, const store::Review& review,
                       const std::vector<store::ReviewItem>& items, store::TimePoint now);

// The report (review_json.hpp's review_report) as a page: scope, as-of run, counts,
// then per entitlement every item with each decision and what was revoked, confirmed.
std::string report_html(const boost::json::object& report);

}  // namespace connector::host::review
