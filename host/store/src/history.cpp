#include "connector/store/history.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

#include "connector/store/retention.hpp"
#include "connector/store/sync_runs.hpp"
#include "item_kind.hpp"
#include "state_query.hpp"
#include "version_table.hpp"

namespace connector::store {
namespace {

using detail::ItemKind;

// Every version of the subject's items, by item then start. ?1 connector, ?2 the id;
// versions a running sync began (after the latest good run, ?3) are not history yet.
// "+connector": each branch is answered by the id index or the partial index on
// principal (entitlements and grants by a range of ids), where SQLite, without
// statistics, would read every version of the connector through
// item_versions_by_start (state_query.hpp).
constexpr std::string_view kColumns =
    "SELECT kind, id, valid_from, valid_to, entitlement, principal FROM item_versions ";
constexpr std::string_view kLive = " AND valid_from <= ?3";

std::string subject_query(const HistorySubject& subject) {
  const std::string beneath = detail::id_beneath("?2");
  std::string where;
  if (subject.principal) {
    where = "WHERE +connector = ?1 AND ((kind = 3 AND principal = ?2) OR (kind = 1 AND id = ?2))";
  } else if (subject.entitlement) {
    where = "WHERE +connector = ?1 AND ((kind = 3 AND " + beneath + " AND entitlement = ?2)" +
            " OR (kind = 2 AND id = ?2))";
  } else if (subject.resource) {
    // The resource's entitlements' grants have ids beneath the resource's too.
    where = "WHERE +connector = ?1 AND ((kind = 1 AND id = ?2) OR (kind = 2 AND " + beneath +
            " AND resource = ?2) OR (kind = 3 AND " + beneath +
            " AND entitlement IN (SELECT id FROM item_versions WHERE +connector = ?1 AND"
            " kind = 2 AND " +
            beneath + " AND resource = ?2)))";
  } else {
    throw std::invalid_argument("history: name a principal, an entitlement or a resource");
  }
  return std::string(kColumns) + where + std::string(kLive) + " ORDER BY kind, id, valid_from";
}

struct Version {
  int kind;
  std::string id;
  std::int64_t from;
  std::optional<std::int64_t> to;
  std::optional<std::string> entitlement, principal;
};

}  // namespace

std::vector<HistoryChange> history(Database& db, std::string_view connector,
                                   const HistorySubject& subject, std::int64_t since_run) {
  Transaction read(db, Transaction::Mode::deferred);
  const auto connector_id = detail::find_connector(db, connector);
  const auto start = history_start(db, connector);
  const auto latest = latest_good_run(db, connector);
  std::vector<HistoryChange> changes;
  if (!connector_id || !start || !latest) return changes;
  const std::string_view id = subject.principal     ? *subject.principal
                              : subject.entitlement ? *subject.entitlement
                              : subject.resource    ? *subject.resource
                                                    : std::string_view();

  std::vector<Version> versions;
  Statement query(db, subject_query(subject));
  query.bind(1, *connector_id).bind(2, id).bind(3, latest->id);
  while (query.step()) {
    versions.push_back(Version{static_cast<int>(query.integer(0)), query.text(1),
                               std::max(query.integer(2), *start), query.optional_integer(3),
                               query.optional_text(4), query.optional_text(5)});
  }

  // Versions of one item are adjacent and by start: a start that meets the previous
  // version's end is a change, any other start an addition, an end not met by the
  // next version's start a removal.
  std::map<std::int64_t, TimePoint> times;
  const auto time_of = [&](std::int64_t run) {
    auto [it, inserted] = times.try_emplace(run);
    if (inserted) {
      const auto found = find_run(db, run);
      it->second = found && found->finished_at ? *found->finished_at : TimePoint{};
    }
    return it->second;
  };
  const auto add = [&](std::int64_t run, Change change, const Version& version) {
    if (run <= since_run) return;
    changes.push_back(
        HistoryChange{run, time_of(run), change,
                      std::string(detail::kind_name(static_cast<ItemKind>(version.kind))),
                      version.id, version.entitlement, version.principal});
  };
  for (std::size_t i = 0; i < versions.size(); ++i) {
    const Version& version = versions[i];
    const Version* previous =
        i > 0 && versions[i - 1].kind == version.kind && versions[i - 1].id == version.id
            ? &versions[i - 1]
            : nullptr;
    const Version* next = i + 1 < versions.size() && versions[i + 1].kind == version.kind &&
                                  versions[i + 1].id == version.id
                              ? &versions[i + 1]
                              : nullptr;
    const bool continues = previous != nullptr && previous->to == version.from;
    add(version.from, continues ? Change::changed : Change::added, version);
    if (version.to && (next == nullptr || next->from != *version.to)) {
      add(*version.to, Change::removed, version);
    }
  }
  std::stable_sort(changes.begin(), changes.end(), [](const auto& a, const auto& b) {
    return std::tie(a.run, a.kind, a.id) < std::tie(b.run, b.kind, b.id);
  });
  read.commit();
  return changes;
}

std::optional<SyncRun> held_since(Database& db, std::string_view connector,
                                  std::string_view grant_id, std::int64_t at_run) {
  Transaction read(db, Transaction::Mode::deferred);
  const auto connector_id = detail::find_connector(db, connector);
  const auto start = history_start(db, connector);
  if (!connector_id || !start) return std::nullopt;
  // The grant's versions up to the run, newest first: walk back while each began where
  // the one before it ended.
  Statement query(db,
                  "SELECT valid_from, valid_to FROM item_versions"
                  " WHERE connector = ?1 AND kind = 3 AND id = ?2 AND valid_from <= ?3"
                  " ORDER BY valid_from DESC");
  query.bind(1, *connector_id).bind(2, grant_id).bind(3, at_run);
  std::optional<std::int64_t> since;
  while (query.step()) {
    const std::int64_t from = query.integer(0);
    const auto to = query.optional_integer(1);
    if (!since) {
      if (to && *to <= at_run) return std::nullopt;  // not held at the run
      since = from;
    } else if (to == since) {
      since = from;
    } else {
      break;
    }
  }
  query.reset();
  if (!since) return std::nullopt;
  auto run = find_run(db, std::max(*since, *start));
  read.commit();
  return run;
}

}  // namespace connector::store
