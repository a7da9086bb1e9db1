// Access reviews in the store: a review freezes a list of grants (its items) from one
// good run, reviewers record a decision per item (keep or revoke; every decision is
// kept, the newest one counts), apply records what revoking did, close freezes the
// decisions. What goes into an item, and the rules, are host/review's (docs/reviews.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connector/store/sqlite.hpp"
#include "connector/store/sync_run.hpp"

namespace connector::store {

struct Review {
  std::int64_t id = 0;  // assigned by the store, never reused
  std::string connector;
  std::string name;
  std::vector<std::string> scope;  // entitlement globs; empty: every entitlement
  std::int64_t as_of_run = 0;
  TimePoint as_of_time;  // when as_of_run finished
  TimePoint created_at;
  std::optional<TimePoint> closed_at;
};

struct ReviewDecision {
  std::int64_t id = 0;  // assigned by the store; later decisions have larger ids
  std::string item;
  std::string decision;  // "keep" or "revoke"
  std::optional<std::string> reason;
  std::optional<std::string> reviewer;
  TimePoint time;
};

// What apply did to an item.
struct ReviewApplication {
  std::string status;  // revoked, already_revoked, pending, failed
  TimePoint at;
  std::optional<std::int64_t> audit_id;
  std::optional<std::string> detail;  // failed: why; pending: the operation (JSON)
};

struct ReviewItem {
  std::string item;  // the grant id
  std::string entitlement;
  std::optional<std::string> entitlement_name;
  std::string principal;
  std::optional<std::string> principal_name;
  std::optional<std::string> email;
  std::optional<std::string> status;  // the principal's
  std::vector<std::string> flags;     // disabled, administrator, mfa_not_configured, new
  std::optional<std::int64_t> held_since_run;
  std::optional<TimePoint> held_since;
  std::optional<ReviewDecision> decision;        // the current one (read only)
  std::optional<ReviewApplication> application;  // read only
};

// Records the review and its items in one transaction; returns the review's id.
std::int64_t create_review(Database& db, const Review& review,
                           const std::vector<ReviewItem>& items);

std::optional<Review> find_review(Database& db, std::int64_t id);
// The connector's reviews, oldest first.
std::vector<Review> list_reviews(Database& db, std::string_view connector);

// Items in entitlement order, then by item; with their current decision and application.
std::vector<ReviewItem> review_items(Database& db, std::int64_t review);

// Appends the decisions (each item must be one of the review's) in one transaction.
// Throws std::invalid_argument naming an item that is not the review's.
void record_decisions(Database& db, std::int64_t review,
                      const std::vector<ReviewDecision>& decisions);

// Every decision of the review, oldest first (the evidence: replaced ones included).
std::vector<ReviewDecision> decision_history(Database& db, std::int64_t review);

void record_application(Database& db, std::int64_t review, std::string_view item,
                        const ReviewApplication& application);

// Sets closed_at; false when the review was closed already.
bool close_review(Database& db, std::int64_t review, TimePoint at);

}  // namespace connector::store
