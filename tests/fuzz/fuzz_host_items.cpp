// Fuzz target: what a plugin hands the host through the ABI during a sync, received by
// the runtime's call context (host/runtime/call_context.hpp: the conn_call callbacks
// emit, next_page, fail) and written as the sync walk writes it into a SyncWriter of a
// real SQLite store (host/store/) on a temporary directory, then committed.
//
// Input: lines, each a kind letter and the bytes the plugin passes:
//   t|r|e|g ITEM   emit a resource type, resource, entitlement or grant
//   p TOKEN        next_page(TOKEN)
//   f S DETAILS    fail(status S (one byte), "plugin says no", DETAILS); the call returns S
// A change of kind is a new call (a new conn_call), as the walk makes one per listing.
//
// Beyond "no crash": emit accepts exactly the items that are JSON objects (and nothing
// after the first bad one); every item fails with the errors the walk expects
// (PluginCallError, InvalidItemError) and nothing else; a run that completes commits,
// and when it is good the stored snapshot holds exactly the distinct ids that were
// accepted, each stored item parsing back to the object that was emitted last under
// its id. A run that fails, or that the mass-deletion guard quarantines (an input that
// drops most of the users an earlier one listed), leaves the latest good state exactly
// as it was (docs/store.md: quarantined runs never show in any state).
#include <boost/json/parse.hpp>

#include <connector/store/snapshot.hpp>
#include <connector/store/store.hpp>
#include <connector/store/sync_writer.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "runtime/call_context.hpp"
#include "runtime/call_error.hpp"
#include "scratch_directory.hpp"

namespace {

namespace json = boost::json;
using connector::host::runtime::CallContext;
using connector::host::runtime::PluginCallError;
using connector::store::InvalidItemError;
using connector::store::SyncWriter;

// One store for the whole process, in a directory of its own (made first, so removed
// after the store is closed).
connector::store::Store& store() {
  static const connector::fuzz::ScratchDirectory directory("fuzz-store");
  static connector::store::Store instance(directory.path());
  return instance;
}

// The last item accepted under each id, per kind, as the store should keep it.
using Expected = std::map<char, std::map<std::string, json::object>>;

void add_to_writer(SyncWriter& writer, char kind, const json::object& item) {
  switch (kind) {
    case 't':
      return writer.add_resource_type(item);
    case 'r':
      return writer.add_resource(item);
    case 'e':
      return writer.add_entitlement(item);
    default:
      return writer.add_grant(item);
  }
}

// The items of the latest good run, as the store should keep them (the store lives as
// long as the process, so inputs build on the state the previous ones left).
Expected& good_state() {
  static Expected state;
  return state;
}

// What the store kept, against what was accepted.
void check_snapshot(const connector::store::Snapshot& snapshot, const Expected& expected) {
  for (const char kind : {'t', 'r', 'e', 'g'}) {
    const auto accepted = expected.find(kind);
    std::size_t stored = 0;
    const auto visit = [&](std::string_view item_json) {
      ++stored;
      boost::system::error_code ec;
      const json::value item = json::parse(item_json, ec);
      FUZZ_CHECK(!ec && item.is_object(), "a stored item is a JSON object");
      const std::string id(item.as_object().at("id").as_string());
      FUZZ_CHECK(accepted != expected.end() && accepted->second.count(id) == 1,
                 "a stored item was accepted");
      FUZZ_CHECK(accepted->second.at(id) == item.as_object(),
                 "the last item under an id is the one stored");
    };
    switch (kind) {
      case 't':
        snapshot.resource_types(visit);
        break;
      case 'r':
        snapshot.resources("", visit);
        break;
      case 'e':
        snapshot.entitlements("", visit);
        break;
      default:
        snapshot.grants("", visit);
    }
    const std::size_t distinct = accepted == expected.end() ? 0 : accepted->second.size();
    FUZZ_CHECK(stored == distinct, "the store keeps each accepted id once");
  }
}

// A run that did not become good changed nothing a reader sees.
void check_state_unchanged() {
  const auto latest = connector::store::Snapshot::latest_good(store().db(), "fuzz");
  if (!latest) {
    FUZZ_CHECK(good_state().empty(), "the good state is there while no run was good");
    return;
  }
  check_snapshot(*latest, good_state());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  connector::fuzz::FuzzInput input(data, size);
  SyncWriter writer = SyncWriter::begin(store(), "fuzz");
  Expected expected;
  Expected pending;  // accepted in the current call; kept only if the call succeeds
  std::optional<CallContext> call;
  char call_kind = 0;
  conn_status call_status = CONN_OK;
  bool call_stopped = false;  // emit answered 0: the plugin must stop emitting

  // Ends the current call as the walk does: finish() throws the call's error.
  const auto end_call = [&] {
    if (!call) return;
    call->finish(call_status);
    for (auto& [kind, items] : pending) {
      for (auto& [id, item] : items) expected[kind][id] = std::move(item);
    }
    pending.clear();
    call.reset();
  };

  try {
    while (!input.empty()) {
      const std::string_view line = input.take_until('\n');
      if (line.empty()) continue;
      const char kind = line.front();
      const std::string_view payload = line.substr(1);
      const bool emits = kind == 't' || kind == 'r' || kind == 'e' || kind == 'g';
      if (!call || (emits && kind != call_kind)) {
        end_call();
        call_kind = emits ? kind : 'r';
        call_status = CONN_OK;
        call_stopped = false;
        const auto sink = [&writer, &pending, kind = call_kind](json::object&& item) {
          add_to_writer(writer, kind, item);  // throws InvalidItemError first when unusable
          pending[kind][std::string(item.at("id").as_string())] = item;
        };
        call.emplace("fuzz", "list", sink, connector::host::runtime::Deadline{});
      }
      const conn_call* raw = call->raw();
      const conn_str bytes{payload.data(), payload.size()};
      if (emits) {
        const int more = raw->emit(raw, bytes);
        boost::system::error_code ec;
        const json::value parsed = json::parse(payload, ec);
        const bool is_object = !ec && parsed.is_object();
        if (!is_object || call_stopped) {
          FUZZ_CHECK(more == 0, "emit refuses what is not a JSON object, and all after it");
        }
        if (more == 0) call_stopped = true;
      } else if (kind == 'p') {
        raw->next_page(raw, bytes);
      } else if (kind == 'f' && !payload.empty()) {
        call_status = static_cast<conn_status>(static_cast<std::uint8_t>(payload.front()) % 20);
        const std::string_view details = payload.substr(1);
        raw->fail(raw, call_status, conn_str{"plugin says no", 14},
                  conn_str{details.data(), details.size()});
      }
    }
    end_call();
  } catch (const PluginCallError&) {
    writer.abort("the plugin failed");
    check_state_unchanged();
    return 0;
  } catch (const InvalidItemError&) {
    writer.abort("an item the store cannot keep");
    check_state_unchanged();
    return 0;
  } catch (const std::exception& e) {
    FUZZ_CHECK(false, std::string("an unexpected exception: ") + e.what());
  }

  const connector::store::SyncRun run = writer.commit();
  FUZZ_CHECK(run.status == connector::store::RunStatus::good ||
                 run.status == connector::store::RunStatus::quarantined,
             "a complete run is good or quarantined");
  if (run.status == connector::store::RunStatus::quarantined) {
    check_state_unchanged();
    return 0;
  }
  check_snapshot(connector::store::Snapshot(store().db(), run), expected);
  good_state() = std::move(expected);
  return 0;
}
