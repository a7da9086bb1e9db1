#include "review/review_html.hpp"

#include <map>
#include <sstream>

namespace connector::host::review {
namespace {

namespace json = boost::json;

// One style sheet, inline: the page works from a file, offline, without a network.
constexpr std::string_view kStyle = R"css(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK JP",sans-serif;margin:24px;color:#1d2433;background:#f6f7f9}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
.meta{color:#5a6478;margin-bottom:16px}
.counts{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0 20px}
.count{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:10px 16px;min-width:90px}
.count b{display:block;font-size:22px}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #dde1e8}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #eceff3;vertical-align:top}
th{background:#eef1f5;font-weight:600}
.badge{display:inline-block;border-radius:10px;padding:1px 8px;margin:1px 2px;font-size:12px;font-weight:600}
.b-disabled{background:#fde2e1;color:#9b1c1c}.b-administrator{background:#fff1d6;color:#8a5300}
.b-mfa_not_configured{background:#f3e8ff;color:#6b21a8}.b-new{background:#dbeafe;color:#1e40af}
.b-other{background:#e5e7eb;color:#374151}
.d-keep{color:#166534;font-weight:600}.d-revoke{color:#b91c1c;font-weight:600}.d-none{color:#8a93a5}
.small{color:#5a6478;font-size:12px}code{font-size:12px}
.time{white-space:nowrap}
)css";

std::string text_of(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr) return "";
  if (value->is_string()) return std::string(value->get_string());
  if (value->is_int64()) return std::to_string(value->get_int64());
  return "";
}

std::string badge_class(std::string_view flag) {
  if (flag == "disabled" || flag == "administrator" || flag == "mfa_not_configured" ||
      flag == "new")
    return "b-" + std::string(flag);
  return "b-other";
}

void badges(std::ostream& out, const std::vector<std::string>& flags) {
  for (const auto& flag : flags) {
    out << "<span class=\"badge " << badge_class(flag) << "\">" << html_escape(flag) << "</span>";
  }
}

void page_start(std::ostream& out, std::string_view title) {
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         // Nothing from elsewhere, even if a name slipped through: the browser refuses it.
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'\">"
      << "<title>" << html_escape(title) << "</title><style>" << kStyle
      << "</style></head><body>\n";
}

void count(std::ostream& out, std::string_view label, std::int64_t value) {
  out << "<div class=\"count\"><b>" << value << "</b>" << html_escape(label) << "</div>";
}

void decision_cell(std::ostream& out, const std::string& decision) {
  if (decision.empty()) {
    out << "<td class=\"d-none\">undecided</td>";
  } else {
    out << "<td class=\"d-" << (decision == "keep" ? "keep" : "revoke") << "\">"
        << html_escape(decision) << "</td>";
  }
}

std::vector<std::string> strings_of(const json::value* array) {
  std::vector<std::string> out;
  if (array == nullptr || !array->is_array()) return out;
  for (const auto& value : array->get_array())
    if (value.is_string()) out.emplace_back(value.get_string());
  return out;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

void write_review_html(std::ostream& out, const store::Review& review,
                       const std::vector<store::ReviewItem>& items, store::TimePoint now) {
  std::int64_t keep = 0, revoke = 0, flagged = 0;
  std::map<std::string, std::vector<const store::ReviewItem*>> by_entitlement;
  for (const auto& item : items) {
    by_entitlement[item.entitlement].push_back(&item);
    if (!item.flags.empty()) ++flagged;
    if (item.decision) ++(item.decision->decision == "keep" ? keep : revoke);
  }
  page_start(out, "Review " + std::to_string(review.id) + ": " + review.name);
  out << "<h1>" << html_escape(review.name) << "</h1>\n<div class=\"meta\">Review " << review.id
      << " of connector <b>" << html_escape(review.connector)
      << "</b> &middot; grants as of sync run " << review.as_of_run << " ("
      << html_escape(store::to_iso8601_seconds(review.as_of_time)) << ")"
      << (review.closed_at ? " &middot; <b>closed</b>" : " &middot; open") << "</div>\n";
  out << "<div class=\"counts\">";
  count(out, "items", static_cast<std::int64_t>(items.size()));
  count(out, "entitlements", static_cast<std::int64_t>(by_entitlement.size()));
  count(out, "flagged", flagged);
  count(out, "undecided", static_cast<std::int64_t>(items.size()) - keep - revoke);
  count(out, "keep", keep);
  count(out, "revoke", revoke);
  out << "</div>\n<p class=\"small\">To decide: <code>connector-host review export " << review.id
      << " --format csv</code>, fill in <code>decision</code> (keep or revoke), "
      << "<code>reason</code> and <code>reviewer</code>, then <code>connector-host review decide "
      << review.id << " --file FILE.csv</code>. Page made "
      << html_escape(store::to_iso8601_seconds(now)) << ".</p>\n";
  for (const auto& [entitlement, group] : by_entitlement) {
    const auto& name = group.front()->entitlement_name;
    out << "<h2>" << html_escape(name.value_or(entitlement)) << " <span class=\"small\"><code>"
        << html_escape(entitlement) << "</code> &middot; " << group.size() << "</span></h2>\n"
        << "<table><tr><th>Principal</th><th>Email</th><th>Status</th><th>Flags</th>"
           "<th>Held since</th><th>Decision</th><th>Reason</th><th>Reviewer</th></tr>\n";
    for (const store::ReviewItem* item : group) {
      out << "<tr title=\"" << html_escape(item->item) << "\"><td>"
          << html_escape(item->principal_name.value_or(item->principal))
          << "<div class=\"small\"><code>" << html_escape(item->principal)
          << "</code></div></td><td>" << html_escape(item->email.value_or("")) << "</td><td>"
          << html_escape(item->status.value_or("")) << "</td><td>";
      badges(out, item->flags);
      out << "</td><td class=\"time\">"
          << (item->held_since ? html_escape(store::to_iso8601_seconds(*item->held_since)) : "")
          << "</td>";
      decision_cell(out, item->decision ? item->decision->decision : "");
      out << "<td>" << html_escape(item->decision ? item->decision->reason.value_or("") : "")
          << "</td><td>" << html_escape(item->decision ? item->decision->reviewer.value_or("") : "")
          << "</td></tr>\n";
    }
    out << "</table>\n";
  }
  out << "</body></html>\n";
}

std::string report_html(const json::object& report) {
  const json::object& review = report.at("review").as_object();
  const json::object& counts = report.at("counts").as_object();
  std::ostringstream out;
  page_start(out, "Access review report: " + text_of(review, "name"));
  out << "<h1>Access review report: " << html_escape(text_of(review, "name")) << "</h1>\n"
      << "<div class=\"meta\">Review " << text_of(review, "review") << " of connector <b>"
      << html_escape(text_of(review, "connector")) << "</b> &middot; scope: ";
  const auto scope = strings_of(review.if_contains("scope"));
  if (scope.empty()) out << "every entitlement";
  for (std::size_t i = 0; i < scope.size(); ++i)
    out << (i ? ", " : "") << "<code>" << html_escape(scope[i]) << "</code>";
  out << " &middot; grants as of sync run " << text_of(review, "as_of_run") << " ("
      << html_escape(text_of(review, "as_of")) << ") &middot; started "
      << html_escape(text_of(review, "created_at")) << " &middot; "
      << (review.contains("closed_at") ? "closed " + html_escape(text_of(review, "closed_at"))
                                       : std::string("open"))
      << " &middot; report made "
      << html_escape(text_of(report.at("report").as_object(), "generated_at")) << "</div>\n";
  out << "<div class=\"counts\">";
  for (const auto& [key, value] : counts) {
    if (value.is_int64()) count(out, key, value.get_int64());
  }
  out << "</div>\n";
  std::map<std::string, std::vector<const json::object*>> by_entitlement;
  for (const auto& item : report.at("items").as_array())
    by_entitlement[text_of(item.as_object(), "entitlement")].push_back(&item.as_object());
  for (const auto& [entitlement, group] : by_entitlement) {
    const std::string name = text_of(*group.front(), "entitlement_name");
    out << "<h2>" << html_escape(name.empty() ? entitlement : name)
        << " <span class=\"small\"><code>" << html_escape(entitlement) << "</code></span></h2>\n"
        << "<table><tr><th>Principal</th><th>Flags</th><th>Held since</th><th>Decision</th>"
           "<th>Decisions (oldest first)</th><th>Applied</th><th>Confirmed by a later "
           "sync</th></tr>\n";
    for (const json::object* item : group) {
      out << "<tr><td>" << html_escape(text_of(*item, "principal_name"))
          << "<div class=\"small\"><code>" << html_escape(text_of(*item, "principal")) << "</code> "
          << html_escape(text_of(*item, "email")) << "</div></td><td>";
      badges(out, strings_of(item->if_contains("flags")));
      out << "</td><td class=\"time\">" << html_escape(text_of(*item, "held_since")) << "</td>";
      decision_cell(out, text_of(*item, "decision"));
      out << "<td class=\"small\">";
      if (const auto* decisions = item->if_contains("decisions");
          decisions && decisions->is_array()) {
        for (const auto& one : decisions->get_array()) {
          const auto& d = one.as_object();
          out << "<div>" << html_escape(text_of(d, "time")) << ": <b>"
              << html_escape(text_of(d, "decision")) << "</b> by "
              << html_escape(text_of(d, "reviewer"));
          if (d.contains("reason")) out << " &mdash; " << html_escape(text_of(d, "reason"));
          out << "</div>";
        }
      }
      out << "</td><td>";
      if (const auto* applied = item->if_contains("application"); applied && applied->is_object()) {
        out << html_escape(text_of(applied->get_object(), "status")) << "<div class=\"small\">"
            << html_escape(text_of(applied->get_object(), "at")) << "</div>";
      }
      out << "</td><td>";
      if (const auto* confirmation = item->if_contains("confirmation");
          confirmation && confirmation->is_object()) {
        const auto& c = confirmation->get_object();
        out << html_escape(text_of(c, "status"));
        if (c.contains("run"))
          out << "<div class=\"small\">run " << html_escape(text_of(c, "run")) << "</div>";
      }
      out << "</td></tr>\n";
    }
    out << "</table>\n";
  }
  out << "</body></html>\n";
  return out.str();
}

}  // namespace connector::host::review
