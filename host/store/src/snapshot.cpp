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

// Those whose principal is ?3, through its partial index.
std::string of_principal(detail::ItemKind kind) {
  return items_of_kind(detail::held_at_run_beside_index(), kind, " AND principal = ?3");
}

// Those whose `column` (resource, entitlement) is ?3: their ids begin with it, a range
// of the id index.
std::string beneath(detail::ItemKind kind, std::string_view column) {
  return items_of_kind(
      detail::held_at_run_beside_index(), kind,
      " AND " + detail::id_beneath("?3") + " AND " + std::string(column) + " = ?3");
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
    this->visit(beneath(detail::ItemKind::entitlement, "resource"), resource_id, visit);
  }
}

void Snapshot::grants(std::string_view resource_id, const ItemVisitor& visit) const {
  if (resource_id.empty()) {
    this->visit(of_kind(detail::ItemKind::grant), {}, visit);
    return;
  }
  // The grants of the resource's entitlements have ids beneath the resource's too: one
  // range of the id index, which also gives them in id order.
  const std::string entitlements_of_resource =
      "SELECT id FROM item_versions WHERE " + detail::held_at_run_beside_index() +
      " AND kind = 2 AND " + detail::id_beneath("?3") + " AND resource = ?3";
  this->visit(items_of_kind(detail::held_at_run_beside_index(), detail::ItemKind::grant,
                            " AND " + detail::id_beneath("?3") + " AND entitlement IN (" +
                                entitlements_of_resource + ")"),
              resource_id, visit);
}

void Snapshot::grants_of_principal(std::string_view principal_id, const ItemVisitor& visit) const {
  this->visit(of_principal(detail::ItemKind::grant), principal_id, visit);
}

void Snapshot::grants_of_entitlement(std::string_view entitlement_id,
                                     const ItemVisitor& visit) const {
  this->visit(beneath(detail::ItemKind::grant, "entitlement"), entitlement_id, visit);
}

std::vector<std::string> collect(const std::function<void(const ItemVisitor&)>& source) {
  std::vector<std::string> items;
  source([&items](std::string_view item) { items.emplace_back(item); });
  return items;
}

}  // namespace connector::store
