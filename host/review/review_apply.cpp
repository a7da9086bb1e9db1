#include "review/review_apply.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "common/status_names.hpp"
#include "provisioning/timed_grants.hpp"
#include "runtime/call_error.hpp"

namespace connector::host::review {
namespace {

namespace json = boost::json;

json::object line_for(const store::ReviewItem& item, std::string_view status) {
  return {{"item", item.item},
          {"entitlement", item.entitlement},
          {"principal", item.principal},
          {"status", status}};
}

// An item apply already changed: what the store recorded, without a call.
std::optional<json::object> recorded(const store::ReviewItem& item) {
  if (!item.application || item.application->status == "failed") return std::nullopt;
  const auto& application = *item.application;
  json::object line =
      line_for(item, application.status == "pending" ? "pending" : "already_revoked");
  line["recorded_at"] = store::to_iso8601(application.at);
  if (application.status == "pending" && application.detail) {
    line["operation"] = json::parse(*application.detail);
  }
  return line;
}

}  // namespace

ApplyCounts apply_review(const provisioning::ProvisioningEnvironment& environment,
                         const store::Review& review, bool dry_run,
                         const std::function<void(json::object&&)>& on_line) {
  ApplyCounts counts;
  const json::object origin{{"review", review.id}, {"name", review.name}};
  for (const store::ReviewItem& item : store::review_items(environment.db, review.id)) {
    if (!item.decision || item.decision->decision != "revoke") continue;
    if (auto line = recorded(item)) {
      const bool pending = line->at("status") == "pending";
      ++(pending ? counts.pending : counts.already_revoked);
      on_line(std::move(*line));
      continue;
    }
    const provisioning::ProvisioningAction action{"review apply", "revoke", item.entitlement,
                                                  item.principal, dry_run,  origin};
    json::object line;
    store::ReviewApplication application;
    try {
      const auto result = provisioning::run_audited(
          environment, action, [&](runtime::Instance& instance, const runtime::ItemSink& sink) {
            instance.revoke(item.entitlement, item.principal, dry_run, sink);
          });
      const json::object answer = result.items.empty() ? json::object() : result.items.front();
      if (dry_run) {
        line = line_for(item, "dry_run");
        if (const auto* request = answer.if_contains("dry_run")) line["dry_run"] = *request;
        ++counts.dry_run;
        on_line(std::move(line));
        continue;
      }
      const std::string status = provisioning::status_of(answer);
      application.audit_id = result.entry.id;
      application.at = result.entry.time;
      if (status == "pending") {
        application.status = "pending";
        if (const auto* operation = answer.if_contains("operation")) {
          application.detail = json::serialize(*operation);
        }
        ++counts.pending;
      } else if (status == "already_revoked") {
        application.status = "already_revoked";
        ++counts.already_revoked;
      } else if (status == "revoked") {
        application.status = "revoked";
        ++counts.revoked;
      } else {
        application.status = "failed";
        application.detail = "the plugin answered '" + status + "'";
        ++counts.failed;
      }
      line = line_for(item, application.status);
      if (const auto* request_id = answer.if_contains("request_id"))
        line["request_id"] = *request_id;
      if (const auto* operation = answer.if_contains("operation")) line["operation"] = *operation;
      if (application.status == "failed") line["error"] = *application.detail;
    } catch (const runtime::PluginCallError& e) {
      if (e.status() == CONN_CANCELLED) throw;  // the user stopped it: no more items
      application.status = "failed";
      application.at = store::now();
      application.detail = std::string(status_name(e.status())) + ": " + e.plugin_message();
      ++counts.failed;
      line = line_for(item, "failed");
      line["error"] = *application.detail;
      if (dry_run) {
        on_line(std::move(line));
        continue;
      }
    }
    store::record_application(environment.db, review.id, item.item, application);
    // Revoked (or found gone): a timer on the grant has nothing left to revoke.
    if (application.status == "revoked" || application.status == "already_revoked") {
      provisioning::end_timer(environment.db, review.connector, item.entitlement, item.principal,
                              application.at, "revoked by review " + std::to_string(review.id));
    }
    on_line(std::move(line));
  }
  return counts;
}

}  // namespace connector::host::review
