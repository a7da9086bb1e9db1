#include "connector/store/point_in_time.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>

#include "connector/store/retention.hpp"
#include "connector/store/sync_runs.hpp"
#include "run_row.hpp"

namespace connector::store {
namespace {

bool digits(std::string_view text, std::size_t from, std::size_t count) {
  if (text.size() < from + count) return false;
  for (std::size_t i = from; i < from + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

int number(std::string_view text, std::size_t from, std::size_t count) {
  int value = 0;
  std::from_chars(text.data() + from, text.data() + from + count, value);
  return value;
}

// Seconds since the epoch of a UTC calendar time; the fields are checked first
// (timegm would roll 2026-02-31 over into March).
std::optional<std::int64_t> utc_seconds(int year, int month, int day, int hour, int minute,
                                        int second) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kDays[month - 1] + (month == 2 && leap ? 1 : 0)) return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second == 60 ? 59 : second;
  return static_cast<std::int64_t>(::timegm(&tm));
}

std::invalid_argument bad(std::string_view text) {
  return std::invalid_argument("'" + std::string(text) +
                               "' is not a point in time (a run number such as 12 or run:12, a "
                               "date such as 2026-11-30, or an RFC 3339 time such as "
                               "2026-11-30T12:00:00Z)");
}

}  // namespace

PointInTime parse_point_in_time(std::string_view text) {
  std::string_view run = text;
  if (run.starts_with("run:")) run.remove_prefix(4);
  if (!run.empty() && digits(run, 0, run.size())) {
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(run.data(), run.data() + run.size(), id);
    if (error != std::errc() || end != run.data() + run.size() || id <= 0) throw bad(text);
    return RunNumber{id};
  }
  // YYYY-MM-DD, then optionally THH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
  if (!digits(text, 0, 4) || text.size() < 10 || text[4] != '-' || !digits(text, 5, 2) ||
      text[7] != '-' || !digits(text, 8, 2)) {
    throw bad(text);
  }
  const int year = number(text, 0, 4), month = number(text, 5, 2), day = number(text, 8, 2);
  if (text.size() == 10) {
    const auto start = utc_seconds(year, month, day, 0, 0, 0);
    if (!start) throw bad(text);
    // A date covers its whole day.
    return from_unix_ms((*start + 86400) * 1000 - 1);
  }
  if (text.size() < 20 || (text[10] != 'T' && text[10] != 't') || !digits(text, 11, 2) ||
      text[13] != ':' || !digits(text, 14, 2) || text[16] != ':' || !digits(text, 17, 2)) {
    throw bad(text);
  }
  const auto seconds =
      utc_seconds(year, month, day, number(text, 11, 2), number(text, 14, 2), number(text, 17, 2));
  if (!seconds) throw bad(text);
  std::size_t at = 19;
  std::int64_t millis = 0;
  if (text[at] == '.') {
    std::size_t end = at + 1;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
    if (end == at + 1) throw bad(text);
    for (std::size_t i = at + 1, scale = 100; i < end && scale > 0; ++i, scale /= 10) {
      millis += (text[i] - '0') * static_cast<std::int64_t>(scale);
    }
    at = end;
  }
  std::int64_t offset = 0;
  const std::string_view zone = text.substr(at);
  if (zone == "Z" || zone == "z") {
    offset = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && digits(zone, 1, 2) &&
             zone[3] == ':' && digits(zone, 4, 2) && number(zone, 1, 2) <= 23 &&
             number(zone, 4, 2) <= 59) {
    offset = (number(zone, 1, 2) * 3600 + number(zone, 4, 2) * 60) * (zone[0] == '+' ? 1 : -1);
  } else {
    throw bad(text);
  }
  return from_unix_ms((*seconds - offset) * 1000 + millis);
}

std::string describe(const PointInTime& at) {
  if (const auto* run = std::get_if<RunNumber>(&at)) return "run " + std::to_string(run->id);
  return to_iso8601(std::get<TimePoint>(at));
}

SyncRun resolve_point_in_time(Database& db, std::string_view connector, const PointInTime& at) {
  std::optional<SyncRun> found;
  const auto start = history_start(db, connector);
  if (const auto* run = std::get_if<RunNumber>(&at)) {
    const auto named = find_run(db, run->id);
    const bool folded = !named && start && run->id < *start;  // deleted by retention
    if (!folded && (!named || named->connector != connector)) {
      throw std::invalid_argument("run " + std::to_string(run->id) + " is not a run of " +
                                  std::string(connector) + " (see: runs " + std::string(connector) +
                                  ")");
    }
    Statement query(db, std::string("SELECT ") + detail::kRunColumns +
                            " FROM sync_runs WHERE connector = ?1 AND status = 'good'"
                            " AND id <= ?2 ORDER BY id DESC LIMIT 1");
    query.bind(1, connector).bind(2, run->id);
    if (query.step()) found = detail::read_run(query);
  } else {
    Statement query(db, std::string("SELECT ") + detail::kRunColumns +
                            " FROM sync_runs WHERE connector = ?1 AND status = 'good'"
                            " AND finished_at <= ?2 ORDER BY finished_at DESC, id DESC LIMIT 1");
    query.bind(1, connector).bind(2, to_unix_ms(std::get<TimePoint>(at)));
    if (query.step()) found = detail::read_run(query);
  }
  if (found && start && found->id >= *start) return *found;

  const std::string name(connector);
  if (!start) {
    throw NoRunAtError("connector " + name + " has no good sync in the store; run: sync " + name);
  }
  const auto first = find_run(db, *start);
  throw NoRunAtError(
      "the store holds " + name + "'s history from run " + std::to_string(*start) +
      (first && first->finished_at ? " (" + to_iso8601(*first->finished_at) + ")" : std::string()) +
      " on; " + describe(at) + " is before it");
}

}  // namespace connector::store
