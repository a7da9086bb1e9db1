#include "run_changes.hpp"

#include <stdexcept>

#include "content_hash.hpp"

namespace connector::store::detail {

using Seen = VersionIndex::Seen;

RunChanges::RunChanges(Database& db, std::int64_t connector, std::int64_t run_id,
                       VersionIndex baseline, std::int64_t baseline_users, BeforeWrite before_write)
    : writer_(db, connector, run_id),
      baseline_(std::move(baseline)),
      baseline_users_(baseline_users),
      before_write_(std::move(before_write)) {}

void RunChanges::put(const ItemRecord& item, std::uint64_t key) {
  const auto entries = baseline_.find(key);
  // The common case of a re-sync, answered from memory: the same content as now. The
  // content holds the id, so an equal content hash is the same item.
  for (auto& entry : entries) {
    if (entry.content() != item.hash) continue;
    if (entry.seen() == Seen::replaced) {
      // The id came again with the content it has now: the new version goes.
      before_write();
      if (const auto begun_user = writer_.find_begun(item.kind, item.id)) {
        writer_.delete_begun(item.kind, item.id);
        users_delta_ += (writer_.is_user(entry.version()) ? 1 : 0) - (*begun_user ? 1 : 0);
      }
      --changed_;
    }
    entry.mark(Seen::unchanged);
    return;
  }
  if (!entries.empty()) {
    // Another content under this key: a change, unless two ids share the key.
    before_write();
    if (const auto current = writer_.find_current(item.kind, item.id)) {
      for (auto& entry : entries) {
        if (entry.version() != current->version) continue;
        if (entry.seen() == Seen::replaced) {
          // Changed again within the run: the later content wins.
          const bool begun_user = writer_.find_begun(item.kind, item.id).value_or(false);
          writer_.replace_begun(item);
          users_delta_ += (item.is_user ? 1 : 0) - (begun_user ? 1 : 0);
        } else {
          writer_.insert(item);
          entry.mark(Seen::replaced);
          ++changed_;
          users_delta_ += (item.is_user ? 1 : 0) - (current->is_user ? 1 : 0);
        }
        return;
      }
      throw std::logic_error("the version index and item_versions disagree on " +
                             std::string(item.id));
    }
  }
  put_new(item, key);
}

void RunChanges::put_new(const ItemRecord& item, std::uint64_t key) {
  before_write();
  if (!added_keys_.insert(key)) {
    // Added earlier in this run (or an id whose key another added id shares).
    if (const auto begun_user = writer_.find_begun(item.kind, item.id)) {
      writer_.replace_begun(item);
      users_delta_ += (item.is_user ? 1 : 0) - (*begun_user ? 1 : 0);
      return;
    }
  }
  writer_.insert(item);
  ++added_[static_cast<std::size_t>(to_int(item.kind))];
  users_delta_ += item.is_user ? 1 : 0;
}

RunOutcome RunChanges::finish() {
  RunOutcome outcome;
  std::array<std::int64_t, 4> removed{};
  std::vector<std::int64_t> removed_resources;
  baseline_.for_each([&](const VersionIndex::Entry& entry) {
    if (entry.seen() == Seen::unchanged) return;
    outcome.endings.push_back(entry.version());
    if (entry.seen() == Seen::replaced) return;
    ++removed[static_cast<std::size_t>(to_int(entry.kind()))];
    if (entry.kind() == ItemKind::resource) removed_resources.push_back(entry.version());
  });
  std::int64_t removed_users = 0;
  if (!removed_resources.empty()) before_write();
  for (const std::int64_t version : removed_resources) removed_users += writer_.is_user(version);

  const auto& before = baseline_.counts();
  const auto state = [&](ItemKind kind) {
    const auto k = static_cast<std::size_t>(to_int(kind));
    return before[k] - removed[k] + added_[k];
  };
  outcome.stored = RunCounts{state(ItemKind::resource_type), state(ItemKind::resource),
                             state(ItemKind::entitlement), state(ItemKind::grant)};
  outcome.users = baseline_users_ + users_delta_ - removed_users;
  for (std::size_t k = 0; k < 4; ++k) {
    outcome.added += added_[k];
    outcome.removed += removed[k];
  }
  outcome.changed = changed_;
  outcome.removed_users = Removal{removed_users, baseline_users_};
  const auto grants = static_cast<std::size_t>(to_int(ItemKind::grant));
  outcome.removed_grants = Removal{removed[grants], before[grants]};
  return outcome;
}

void RunChanges::apply(const RunOutcome& outcome) {
  if (!outcome.endings.empty()) before_write();
  for (const std::int64_t version : outcome.endings) writer_.end(version);
}

}  // namespace connector::store::detail
