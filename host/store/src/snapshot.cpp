#include "connector/store/snapshot.hpp"

#include "connector/store/sync_runs.hpp"

namespace connector::store {

std::optional<Snapshot> Snapshot::latest_good(Database& db, std::string_view connector) {
  auto run = latest_good_run(db, connector);
  if (!run) return std::nullopt;
  return Snapshot(db, std::move(*run));
}

Snapshot::Snapshot(Database& db, SyncRun run) : db_(&db), run_(std::move(run)) {}

void Snapshot::visit(std::string_view sql, std::optional<std::string_view> filter,
                     const ItemVisitor& visit) const {
  Statement query(*db_, sql);
  query.bind(1, run_.id);
  if (filter) query.bind(2, *filter);
  while (query.step()) visit(query.text(0));
}

void Snapshot::resource_types(const ItemVisitor& visit) const {
  this->visit("SELECT json FROM resource_types WHERE run_id = ?1 ORDER BY id", {}, visit);
}

void Snapshot::resources(std::string_view type, const ItemVisitor& visit) const {
  if (type.empty()) {
    this->visit("SELECT json FROM resources WHERE run_id = ?1 ORDER BY id", {}, visit);
  } else {
    this->visit("SELECT json FROM resources WHERE run_id = ?1 AND type = ?2 ORDER BY id", type,
                visit);
  }
}

void Snapshot::entitlements(std::string_view resource_id, const ItemVisitor& visit) const {
  if (resource_id.empty()) {
    this->visit("SELECT json FROM entitlements WHERE run_id = ?1 ORDER BY id", {}, visit);
  } else {
    this->visit("SELECT json FROM entitlements WHERE run_id = ?1 AND resource = ?2 ORDER BY id",
                resource_id, visit);
  }
}

void Snapshot::grants(std::string_view resource_id, const ItemVisitor& visit) const {
  if (resource_id.empty()) {
    this->visit("SELECT json FROM grants WHERE run_id = ?1 ORDER BY id", {}, visit);
  } else {
    this->visit(
        "SELECT g.json FROM entitlements e"
        " JOIN grants g ON g.run_id = e.run_id AND g.entitlement = e.id"
        " WHERE e.run_id = ?1 AND e.resource = ?2 ORDER BY g.id",
        resource_id, visit);
  }
}

std::vector<std::string> collect(const std::function<void(const ItemVisitor&)>& source) {
  std::vector<std::string> items;
  source([&items](std::string_view item) { items.emplace_back(item); });
  return items;
}

}  // namespace connector::store
