#include "review/review_json.hpp"

#include <boost/json/parse.hpp>

#include <connector/store/snapshot.hpp>
#include <connector/store/sync_runs.hpp>

#include <map>
#include <set>

namespace connector::host::review {
namespace {

namespace json = boost::json;

void put(json::object& object, std::string_view key, const std::optional<std::string>& value) {
  if (value) object[key] = *value;
}

json::array flags_of(const store::ReviewItem& item) {
  json::array flags;
  for (const auto& flag : item.flags) flags.emplace_back(flag);
  return flags;
}

json::object decision_json(const store::ReviewDecision& decision) {
  json::object out{{"decision", decision.decision}, {"time", store::to_iso8601(decision.time)}};
  put(out, "reason", decision.reason);
  put(out, "reviewer", decision.reviewer);
  return out;
}

// Whether the latest good sync after each revocation still shows the grant.
class Confirmations {
 public:
  Confirmations(store::Database& db, const std::string& connector)
      : db_(db), latest_(store::latest_good_run(db, connector)) {}

  json::object of(const store::ReviewItem& item) {
    const store::TimePoint applied = item.application->at;
    if (!latest_ || !latest_->finished_at || *latest_->finished_at <= applied) {
      return {{"status", "awaiting_sync"}};
    }
    const bool held = grants_of(item.entitlement).count(item.item) != 0;
    return {{"status", held ? "still_held" : "confirmed"},
            {"run", latest_->id},
            {"run_finished_at", store::to_iso8601(*latest_->finished_at)}};
  }

 private:
  const std::set<std::string>& grants_of(const std::string& entitlement) {
    auto found = grants_.find(entitlement);
    if (found != grants_.end()) return found->second;
    std::set<std::string> ids;
    store::Snapshot(db_, *latest_).grants_of_entitlement(entitlement, [&](std::string_view text) {
      const json::value grant = json::parse(text);
      if (const auto* id = grant.as_object().if_contains("id"); id && id->is_string())
        ids.emplace(id->get_string());
    });
    return grants_.emplace(entitlement, std::move(ids)).first->second;
  }

  store::Database& db_;
  std::optional<store::SyncRun> latest_;
  std::map<std::string, std::set<std::string>> grants_;
};

}  // namespace

json::object review_summary(const store::Review& review,
                            const std::vector<store::ReviewItem>& items) {
  json::array scope;
  for (const auto& glob : review.scope) scope.emplace_back(glob);
  std::int64_t keep = 0, revoke = 0;
  for (const auto& item : items) {
    if (!item.decision) continue;
    ++(item.decision->decision == "keep" ? keep : revoke);
  }
  json::object out{{"review", review.id},
                   {"connector", review.connector},
                   {"name", review.name},
                   {"scope", std::move(scope)},
                   {"as_of_run", review.as_of_run},
                   {"as_of", store::to_iso8601(review.as_of_time)},
                   {"created_at", store::to_iso8601(review.created_at)}};
  if (review.closed_at) out["closed_at"] = store::to_iso8601(*review.closed_at);
  out["state"] = review.closed_at ? "closed" : "open";
  out["items"] = static_cast<std::int64_t>(items.size());
  out["decided"] = keep + revoke;
  out["undecided"] = static_cast<std::int64_t>(items.size()) - keep - revoke;
  out["keep"] = keep;
  out["revoke"] = revoke;
  return out;
}

json::object item_json(const store::ReviewItem& item) {
  json::object out{{"item", item.item}, {"entitlement", item.entitlement}};
  put(out, "entitlement_name", item.entitlement_name);
  out["principal"] = item.principal;
  put(out, "principal_name", item.principal_name);
  put(out, "email", item.email);
  put(out, "status", item.status);
  out["flags"] = flags_of(item);
  if (item.held_since) out["held_since"] = store::to_iso8601(*item.held_since);
  if (item.held_since_run) out["held_since_run"] = *item.held_since_run;
  if (item.decision) {
    out["decision"] = item.decision->decision;
    put(out, "reason", item.decision->reason);
    put(out, "reviewer", item.decision->reviewer);
    out["decided_at"] = store::to_iso8601(item.decision->time);
  }
  if (item.application) {
    out["applied"] = item.application->status;
    out["applied_at"] = store::to_iso8601(item.application->at);
  }
  return out;
}

json::object review_report(store::Database& db, const store::Review& review, store::TimePoint now) {
  store::Transaction read(db, store::Transaction::Mode::deferred);
  const auto items = store::review_items(db, review.id);
  std::map<std::string, json::array> decisions;
  for (const auto& decision : store::decision_history(db, review.id)) {
    decisions[decision.item].push_back(decision_json(decision));
  }
  Confirmations confirmations(db, review.connector);
  std::map<std::string, std::int64_t> applied;
  std::int64_t confirmed = 0;
  json::array lines;
  for (const auto& item : items) {
    json::object line = item_json(item);
    line["decisions"] = std::move(decisions[item.item]);
    if (item.application) {
      const auto& application = *item.application;
      ++applied[application.status];
      json::object record{{"status", application.status},
                          {"at", store::to_iso8601(application.at)}};
      if (application.audit_id) record["audit_id"] = *application.audit_id;
      put(record, "detail", application.detail);
      line["application"] = std::move(record);
      if (application.status != "failed") {
        json::object confirmation = confirmations.of(item);
        if (confirmation.at("status") == "confirmed") ++confirmed;
        line["confirmation"] = std::move(confirmation);
      }
    }
    lines.push_back(std::move(line));
  }
  read.commit();
  json::object summary = review_summary(review, items);
  json::object counts{
      {"items", summary.at("items")},   {"keep", summary.at("keep")},
      {"revoke", summary.at("revoke")}, {"undecided", summary.at("undecided")},
      {"revoked", applied["revoked"]},  {"already_revoked", applied["already_revoked"]},
      {"pending", applied["pending"]},  {"failed", applied["failed"]},
      {"confirmed", confirmed}};
  return {{"report", {{"generated_at", store::to_iso8601(now)}}},
          {"review", std::move(summary)},
          {"counts", std::move(counts)},
          {"items", std::move(lines)}};
}

}  // namespace connector::host::review
