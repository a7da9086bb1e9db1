#include "review/review_start.hpp"

#include <boost/json/parse.hpp>

#include <connector/store/history.hpp>
#include <connector/store/retention.hpp>
#include <connector/store/snapshot.hpp>

#include <map>
#include <optional>

#include "common/error.hpp"
#include "review/entitlement_glob.hpp"

namespace connector::host::review {
namespace {

namespace json = boost::json;

const json::value* member(const json::object& object, std::string_view key) {
  return object.if_contains(key);
}

std::optional<std::string> text_member(const json::object& object, std::string_view key) {
  const json::value* value = member(object, key);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string(value->get_string());
}

std::optional<bool> profile_flag(const json::object& resource, std::string_view key) {
  const json::value* profile = member(resource, "profile");
  if (profile == nullptr || !profile->is_object()) return std::nullopt;
  const json::value* value = profile->get_object().if_contains(key);
  if (value == nullptr || !value->is_bool()) return std::nullopt;
  return value->get_bool();
}

// What an item takes from its principal's resource.
struct Principal {
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> status;
  bool administrator = false;
  bool mfa_not_configured = false;
};

Principal principal_of(const json::object& resource) {
  Principal principal;
  principal.name = text_member(resource, "display_name");
  principal.status = text_member(resource, "status");
  if (const json::value* profile = member(resource, "profile"); profile && profile->is_object()) {
    principal.email = text_member(profile->get_object(), "email");
  }
  principal.administrator = profile_flag(resource, "administrator").value_or(false);
  principal.mfa_not_configured = !profile_flag(resource, "mfaConfigured").value_or(true);
  return principal;
}

// The run after which a grant of `entitlement` counts as new: the as-of run of the
// latest earlier review covering it, else the connector's first kept good run.
class NewSince {
 public:
  NewSince(store::Database& db, const StartRequest& request)
      : history_start_(store::history_start(db, request.connector).value_or(0)) {
    for (auto& review : store::list_reviews(db, request.connector)) {
      if (review.as_of_run <= request.run.id) earlier_.push_back(std::move(review));
    }
  }

  std::int64_t run_for(const std::string& entitlement) {
    const auto known = cache_.find(entitlement);
    if (known != cache_.end()) return known->second;
    std::int64_t since = history_start_;
    for (auto it = earlier_.rbegin(); it != earlier_.rend(); ++it) {
      if (in_scope(it->scope, entitlement)) {
        since = it->as_of_run;
        break;
      }
    }
    cache_.emplace(entitlement, since);
    return since;
  }

 private:
  std::int64_t history_start_;
  std::vector<store::Review> earlier_;  // oldest first
  std::map<std::string, std::int64_t, std::less<>> cache_;
};

}  // namespace

std::vector<store::ReviewItem> items_at(store::Database& db, const StartRequest& request) {
  // No enclosing read transaction: held_since opens its own, and the state at a good
  // run does not change (retention only folds runs older than the cutoff it keeps).
  const store::Snapshot snapshot(db, request.run);
  std::map<std::string, Principal, std::less<>> principals;
  snapshot.resources("", [&](std::string_view text) {
    const json::object resource = json::parse(text).as_object();
    if (const auto id = text_member(resource, "id"))
      principals.emplace(*id, principal_of(resource));
  });
  std::map<std::string, std::optional<std::string>, std::less<>> entitlement_names;
  snapshot.entitlements("", [&](std::string_view text) {
    const json::object entitlement = json::parse(text).as_object();
    if (const auto id = text_member(entitlement, "id"))
      entitlement_names.emplace(*id, text_member(entitlement, "display_name"));
  });

  NewSince new_since(db, request);
  std::vector<store::ReviewItem> items;
  snapshot.grants("", [&](std::string_view text) {
    const json::object grant = json::parse(text).as_object();
    store::ReviewItem item;
    item.item = text_member(grant, "id").value_or("");
    item.entitlement = text_member(grant, "entitlement").value_or("");
    item.principal = text_member(grant, "principal").value_or("");
    if (item.item.empty() || !in_scope(request.scope, item.entitlement)) return;
    if (const auto name = entitlement_names.find(item.entitlement); name != entitlement_names.end())
      item.entitlement_name = name->second;
    if (const auto found = principals.find(item.principal); found != principals.end()) {
      const Principal& principal = found->second;
      item.principal_name = principal.name;
      item.email = principal.email;
      item.status = principal.status;
      if (principal.status == "disabled") item.flags.emplace_back("disabled");
      if (principal.administrator) item.flags.emplace_back("administrator");
      if (principal.mfa_not_configured) item.flags.emplace_back("mfa_not_configured");
    }
    if (const auto since = store::held_since(db, request.connector, item.item, request.run.id)) {
      item.held_since_run = since->id;
      item.held_since = since->finished_at;
      if (since->id > new_since.run_for(item.entitlement)) item.flags.emplace_back("new");
    }
    items.push_back(std::move(item));
  });
  return items;
}

StartedReview start_review(store::Database& db, const StartRequest& request) {
  const auto items = items_at(db, request);
  if (items.empty()) {
    std::string scope;
    for (const auto& glob : request.scope) scope += (scope.empty() ? "" : " or ") + glob;
    throw HostError(ExitCode::usage,
                    "review start: no grant of " + request.connector + " at run " +
                        std::to_string(request.run.id) +
                        (scope.empty() ? "" : " has an entitlement matching " + scope) +
                        "; nothing was started");
  }
  store::Review review;
  review.connector = request.connector;
  review.name = request.name;
  review.scope = request.scope;
  review.as_of_run = request.run.id;
  review.as_of_time = request.run.finished_at.value_or(request.run.started_at);
  review.created_at = request.now;
  return {store::create_review(db, review, items), items.size()};
}

}  // namespace connector::host::review
