// Writes one sync run as the plugin's items stream in, as versions: each item is
// compared with the connector's current version of it (a compact in-memory index of
// id hash -> content hash, loaded at begin()), and only what was added, changed or
// removed is written. An unchanged re-sync writes the run's row and nothing else.
//
// Threads: the writer compares and writes on a thread of its own (which first loads
// the index), fed in batches by the add_* calls, so on two cores the plugin's parsing
// and the store's work overlap. Call a writer's functions from one thread at a time.
//
// Atomicity: a run's new versions are written as they come, in short write
// transactions, but carry valid_from = the run, and a run's state only counts once
// the run is good, so:
//  - readers never see a half-written run, and the previous good run stays the
//    latest good one until commit() succeeds; commit() ends the replaced and
//    removed versions, runs the mass-deletion guard and sets the status in ONE
//    write transaction;
//  - a sync that fails or is cancelled has its versions deleted by abort(); one
//    whose process is killed (kill -9) by the next Store to open the file, or the
//    next begin() of the same connector, which also marks its run failed;
//  - a quarantined run's changes are moved apart (held) until an operator accepts
//    the run; a newer good run drops them;
//  - one connector syncs at a time (begin() refuses a second while the first runs);
//    syncs of different connectors interleave, each holding the write lock only
//    for a batch of rows.
// A run that did not complete is never committed, so it is never compared by the
// guard: a partial read cannot be mistaken for a mass deletion.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "connector/store/mass_deletion_guard.hpp"
#include "connector/store/store.hpp"
#include "connector/store/sync_run.hpp"

namespace connector::store {

// An item that is not a JSON object or lacks a field the store needs ("id", a
// resource's "type", a grant's "entitlement" and "principal"...).
class InvalidItemError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// An item's text is not one JSON object. The store parses each text whole as it
// scans it, so a caller relies on it to find these instead of parsing every text a
// second time. reason(): "not valid JSON (<parser's reason>)" or "not a JSON object",
// without the item's kind, which what() names.
class NotAJsonObjectError : public InvalidItemError {
 public:
  NotAJsonObjectError(const std::string& what, std::string reason)
      : InvalidItemError(what), reason_(std::move(reason)) {}
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::string reason_;
};

// A sync already running for the connector (in this or another live process).
class SyncInProgressError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SyncOptions {
  GuardOptions guard;
  // History older than this folds into the state at the cutoff after a good commit
  // (retention.hpp); none: kept for ever.
  std::optional<std::chrono::seconds> keep_history;
};

class SyncWriter {
 public:
  // Records a new 'running' run for `connector`, opens its own connection and loads
  // the connector's current versions. Throws SyncInProgressError when a live
  // process is syncing the connector already.
  static SyncWriter begin(const Store& store, std::string connector, SyncOptions options);
  static SyncWriter begin(const Store& store, std::string connector, GuardOptions guard = {}) {
    return begin(store, std::move(connector), SyncOptions{guard, std::nullopt});
  }

  SyncWriter(SyncWriter&&) noexcept;
  SyncWriter& operator=(SyncWriter&&) noexcept;
  // A writer dropped without commit() or abort() aborts its run as failed.
  ~SyncWriter();

  std::int64_t run_id() const;
  const std::string& connector() const;

  // Each takes one item JSON exactly as the plugin emitted it (DESIGN section 4) and
  // stores it verbatim. An item whose id was already seen in this run replaces it.
  // The text is checked and its fields read here, in one pass that builds nothing
  // (item_scan.hpp); it is hashed, compared and written on the writer's own thread
  // while the caller goes on, so an error of the store surfaces from a later call
  // (add_*, flush, commit). Throws InvalidItemError; the run stays open (the caller
  // decides to abort).
  void add_resource_type(std::string_view json);
  void add_resource(std::string_view json);
  void add_entitlement(std::string_view json);
  void add_grant(std::string_view json);
  // The same for an item already parsed: it is stored as boost::json::serialize
  // writes it.
  void add_resource_type(const boost::json::object& item);
  void add_resource(const boost::json::object& item);
  void add_entitlement(const boost::json::object& item);
  void add_grant(const boost::json::object& item);

  // Items received so far (for progress output).
  const RunCounts& received() const;

  // Ends the open batch of writes once what was added so far is written, so no
  // write lock is held while the plugin fetches the next page. The sync engine
  // calls it after every page.
  void flush();

  // Completes the run: it becomes good, or quarantined when the guard objects
  // (see SyncRun::quarantine_reason). Throws (and the run stays open, for abort())
  // when the store fails or another run of the connector was accepted meanwhile.
  // After a good commit, history older than SyncOptions::keep_history is folded.
  SyncRun commit();
  // Ends the run as failed or cancelled with `reason`; nothing it received is kept.
  SyncRun abort(std::string_view reason, RunStatus status = RunStatus::failed);

 private:
  struct State;
  void put(int kind, std::string_view json);
  void put(int kind, const boost::json::object& item);
  explicit SyncWriter(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace connector::store
