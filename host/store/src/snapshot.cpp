#include "connector/store/snapshot.hpp"

#include "connector/store/sync_runs.hpp"
#include "item_kind.hpp"
#include "item_text.hpp"
#include "state_query.hpp"
#include "version_table.hpp"

namespace connector::store {
namespace {

using detail::held_at_run;

// Every item of `kind` for which `held` holds, in id order, and `extra` (" AND ...").
std::string items_of_kind(std::string_view held, detail::ItemKind kind, std::string_view extra) {
  return "SELECT " + detail::item_text_columns() + " FROM item_versions WHERE " +
         std::string(held) + " AND kind = " + std::to_string(detail::to_int(kind)) +
         std::string(extra) + " ORDER BY id";
}

// Every item of `kind` held at the run, and `extra`.
std::string of_kind(detail::ItemKind kind, std::string_view extra = "") {
  return items_of_kind(held_at_run(), kind, extra);
}

// Those whose `column` (entitlement, principal, resource) is ?3, through its index.
std::string of_kind_with(detail::ItemKind kind, std::string_view column) {
  return items_of_kind(detail::held_at_run_beside_index(), kind,
                       " AND " + std::string(column) + " = ?3");
}

}  // namespace

std::optional<Snapshot> Snapshot::latest_good(Database& db, std::string_view connector) {
  auto run = latest_good_run(db, connector);
  if (!run) return std::nullopt;
  return Snapshot(db, std::move(*run));
}

Snapshot::Snapshot(Database& db, SyncRun run) : db_(&db), run_(std::move(run)) {
  connector_id_ = detail::find_connector(db, run_.connector).value_or(0);
}

void Snapshot::visit(std::string_view sql, std::optional<std::string_view> filter,
                     const ItemVisitor& visit) const {
  Statement query(*db_, sql);
  query.bind(1, connector_id_).bind(2, run_.id);
  if (filter) query.bind(3, *filter);
  detail::ItemTextReader reader;
  while (query.step()) visit(reader.text(query, 0));
}

void Snapshot::resource_types(const ItemVisitor& visit) const {
  this->visit(of_kind(detail::ItemKind::resource_type), {}, visit);
}

void Snapshot::resources(std::string_view type, const ItemVisitor& visit) const {
  if (type.empty()) {
    this->visit(of_kind(detail::ItemKind::resource), {}, visit);
  } else {
    this->visit(of_kind(detail::ItemKind::resource, " AND type = ?3"), type, visit);
  }
}

void Snapshot::entitlements(std::string_view resource_id, const ItemVisitor& visit) const {
  if (resource_id.empty()) {
    this->visit(of_kind(detail::ItemKind::entitlement), {}, visit);
  } else {
    this->visit(of_kind_with(detail::ItemKind::entitlement, "resource"), resource_id, visit);
  }
}

void Snapshot::grants(std::string_view resource_id, const ItemVisitor& visit) const {
  if (resource_id.empty()) {
    this->visit(of_kind(detail::ItemKind::grant), {}, visit);
    return;
  }
  this->visit("SELECT " + detail::item_text_columns("g") +
                  " FROM item_versions e JOIN item_versions g"
                  " ON g.connector = e.connector AND g.entitlement = e.id AND g.kind = 3 AND " +
                  detail::held_at_run_beside_index("g") + " WHERE " +
                  detail::held_at_run_beside_index("e") +
                  " AND e.kind = 2 AND e.resource = ?3 ORDER BY g.id",
              resource_id, visit);
}

void Snapshot::grants_of_principal(std::string_view principal_id, const ItemVisitor& visit) const {
  this->visit(of_kind_with(detail::ItemKind::grant, "principal"), principal_id, visit);
}

void Snapshot::grants_of_entitlement(std::string_view entitlement_id,
                                     const ItemVisitor& visit) const {
  this->visit(of_kind_with(detail::ItemKind::grant, "entitlement"), entitlement_id, visit);
}

std::vector<std::string> collect(const std::function<void(const ItemVisitor&)>& source) {
  std::vector<std::string> items;
  source([&items](std::string_view item) { items.emplace_back(item); });
  return items;
}

}  // namespace connector::store
