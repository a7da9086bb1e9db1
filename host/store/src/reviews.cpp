#include "connector/store/reviews.hpp"

#include <boost/json.hpp>

#include <stdexcept>

namespace connector::store {
namespace {

std::string join_flags(const std::vector<std::string>& flags) {
  std::string joined;
  for (const auto& flag : flags) joined += (joined.empty() ? "" : ";") + flag;
  return joined;
}

std::vector<std::string> split_flags(std::string_view joined) {
  std::vector<std::string> flags;
  while (!joined.empty()) {
    const std::size_t end = joined.find(';');
    flags.emplace_back(joined.substr(0, end));
    if (end == std::string_view::npos) break;
    joined.remove_prefix(end + 1);
  }
  return flags;
}

std::optional<TimePoint> optional_time(const Statement& row, int column) {
  const auto ms = row.optional_integer(column);
  if (!ms) return std::nullopt;
  return from_unix_ms(*ms);
}

constexpr std::string_view kReviewColumns =
    "SELECT id, connector, name, scope, as_of_run, as_of_time, created_at, closed_at FROM reviews";

Review review_of(const Statement& row) {
  Review review;
  review.id = row.integer(0);
  review.connector = row.text(1);
  review.name = row.text(2);
  const boost::json::value scope = boost::json::parse(row.text_view(3));
  for (const auto& glob : scope.as_array()) review.scope.emplace_back(glob.as_string());
  review.as_of_run = row.integer(4);
  review.as_of_time = from_unix_ms(row.integer(5));
  review.created_at = from_unix_ms(row.integer(6));
  review.closed_at = optional_time(row, 7);
  return review;
}

}  // namespace

std::int64_t create_review(Database& db, const Review& review,
                           const std::vector<ReviewItem>& items) {
  Transaction transaction(db);
  boost::json::array scope;
  for (const auto& glob : review.scope) scope.emplace_back(glob);
  Statement insert(db,
                   "INSERT INTO reviews (connector, name, scope, as_of_run, as_of_time, created_at)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  insert.bind(1, review.connector)
      .bind(2, review.name)
      .bind(3, boost::json::serialize(scope))
      .bind(4, review.as_of_run)
      .bind(5, to_unix_ms(review.as_of_time))
      .bind(6, to_unix_ms(review.created_at))
      .run();
  const std::int64_t id = db.last_insert_rowid();
  Statement add(db,
                "INSERT INTO review_items (review, item, entitlement, entitlement_name, principal,"
                " principal_name, email, status, flags, held_since_run, held_since)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  for (const ReviewItem& item : items) {
    std::optional<std::int64_t> held_since;
    if (item.held_since) held_since = to_unix_ms(*item.held_since);
    add.bind(1, id)
        .bind(2, item.item)
        .bind(3, item.entitlement)
        .bind(4, item.entitlement_name)
        .bind(5, item.principal)
        .bind(6, item.principal_name)
        .bind(7, item.email)
        .bind(8, item.status)
        .bind(9, join_flags(item.flags))
        .bind(10, item.held_since_run)
        .bind(11, held_since)
        .run();
  }
  transaction.commit();
  return id;
}

std::optional<Review> find_review(Database& db, std::int64_t id) {
  Statement query(db, std::string(kReviewColumns) + " WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return review_of(query);
}

std::vector<Review> list_reviews(Database& db, std::string_view connector) {
  Statement query(db, std::string(kReviewColumns) + " WHERE connector = ?1 ORDER BY id");
  query.bind(1, connector);
  std::vector<Review> reviews;
  while (query.step()) reviews.push_back(review_of(query));
  return reviews;
}

std::vector<ReviewItem> review_items(Database& db, std::int64_t review) {
  // The current decision of an item is its newest row (the largest id).
  Statement query(
      db,
      "SELECT i.item, i.entitlement, i.entitlement_name, i.principal, i.principal_name, i.email,"
      " i.status, i.flags, i.held_since_run, i.held_since, d.id, d.decision, d.reason,"
      " d.reviewer, d.time, i.applied, i.applied_at, i.applied_audit, i.applied_detail"
      " FROM review_items i LEFT JOIN review_decisions d ON d.id = (SELECT max(id) FROM"
      " review_decisions WHERE review = i.review AND item = i.item)"
      " WHERE i.review = ?1 ORDER BY i.entitlement, i.item");
  query.bind(1, review);
  std::vector<ReviewItem> items;
  while (query.step()) {
    ReviewItem item;
    item.item = query.text(0);
    item.entitlement = query.text(1);
    item.entitlement_name = query.optional_text(2);
    item.principal = query.text(3);
    item.principal_name = query.optional_text(4);
    item.email = query.optional_text(5);
    item.status = query.optional_text(6);
    item.flags = split_flags(query.text_view(7));
    item.held_since_run = query.optional_integer(8);
    item.held_since = optional_time(query, 9);
    if (!query.is_null(10)) {
      item.decision = ReviewDecision{query.integer(10),       item.item,
                                     query.text(11),          query.optional_text(12),
                                     query.optional_text(13), from_unix_ms(query.integer(14))};
    }
    if (!query.is_null(15)) {
      item.application = ReviewApplication{query.text(15), from_unix_ms(query.integer(16)),
                                           query.optional_integer(17), query.optional_text(18)};
    }
    items.push_back(std::move(item));
  }
  return items;
}

void record_decisions(Database& db, std::int64_t review,
                      const std::vector<ReviewDecision>& decisions) {
  Transaction transaction(db);
  Statement exists(db, "SELECT 1 FROM review_items WHERE review = ?1 AND item = ?2");
  Statement insert(db,
                   "INSERT INTO review_decisions (review, item, decision, reason, reviewer, time)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  for (const ReviewDecision& decision : decisions) {
    exists.bind(1, review).bind(2, decision.item);
    const bool known = exists.step();
    exists.reset();
    if (!known) {
      throw std::invalid_argument("item " + decision.item + " is not in review " +
                                  std::to_string(review));
    }
    insert.bind(1, review)
        .bind(2, decision.item)
        .bind(3, decision.decision)
        .bind(4, decision.reason)
        .bind(5, decision.reviewer)
        .bind(6, to_unix_ms(decision.time))
        .run();
  }
  transaction.commit();
}

std::vector<ReviewDecision> decision_history(Database& db, std::int64_t review) {
  Statement query(db,
                  "SELECT id, item, decision, reason, reviewer, time FROM review_decisions"
                  " WHERE review = ?1 ORDER BY id");
  query.bind(1, review);
  std::vector<ReviewDecision> decisions;
  while (query.step()) {
    decisions.push_back(ReviewDecision{query.integer(0), query.text(1), query.text(2),
                                       query.optional_text(3), query.optional_text(4),
                                       from_unix_ms(query.integer(5))});
  }
  return decisions;
}

void record_application(Database& db, std::int64_t review, std::string_view item,
                        const ReviewApplication& application) {
  Statement update(db,
                   "UPDATE review_items SET applied = ?3, applied_at = ?4, applied_audit = ?5,"
                   " applied_detail = ?6 WHERE review = ?1 AND item = ?2");
  update.bind(1, review)
      .bind(2, item)
      .bind(3, application.status)
      .bind(4, to_unix_ms(application.at))
      .bind(5, application.audit_id)
      .bind(6, application.detail)
      .run();
  if (db.changes() != 1) {
    throw std::invalid_argument("item " + std::string(item) + " is not in review " +
                                std::to_string(review));
  }
}

bool close_review(Database& db, std::int64_t review, TimePoint at) {
  Statement update(db, "UPDATE reviews SET closed_at = ?2 WHERE id = ?1 AND closed_at IS NULL");
  update.bind(1, review).bind(2, to_unix_ms(at)).run();
  return db.changes() == 1;
}

}  // namespace connector::store
