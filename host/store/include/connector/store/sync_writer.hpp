// Writes one sync run as the plugin's items stream in.
//
// Atomicity: items are staged in temporary tables private to the writer's own
// connection (they take no lock on the database and vanish with the process), and
// commit() copies them into the store in ONE write transaction that also runs the
// mass-deletion guard and sets the run's final status. So:
//  - readers never see a half-written run, and the previous good run stays the
//    latest good one until commit() succeeds;
//  - a sync that fails, is cancelled or whose process is killed (kill -9) leaves no
//    items behind; its 'running' row (visible from begin(), for progress) is marked
//    failed by abort(), or, after a kill, by the next Store to open the file;
//  - syncs of different connectors stage concurrently and hold the write lock
//    only for the copy.
// A run that did not complete is never committed, so it is never compared by the
// guard: a partial read cannot be mistaken for a mass deletion.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <memory>
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

class SyncWriter {
 public:
  // Records a new 'running' run for `connector` and opens its own connection.
  static SyncWriter begin(const Store& store, std::string connector, GuardOptions guard = {});

  SyncWriter(SyncWriter&&) noexcept;
  SyncWriter& operator=(SyncWriter&&) noexcept;
  // A writer dropped without commit() or abort() aborts its run as failed.
  ~SyncWriter();

  std::int64_t run_id() const;
  const std::string& connector() const;

  // Each takes one item JSON exactly as the plugin emitted it (DESIGN section 4) and
  // stores it verbatim. An item whose id was already seen in this run replaces it.
  // Throws InvalidItemError; the run stays open (the caller decides to abort).
  void add_resource_type(std::string_view json);
  void add_resource(std::string_view json);
  void add_entitlement(std::string_view json);
  void add_grant(std::string_view json);
  // The same for an item already parsed (the host's page loop hands out objects);
  // it is stored as boost::json::serialize writes it.
  void add_resource_type(const boost::json::object& item);
  void add_resource(const boost::json::object& item);
  void add_entitlement(const boost::json::object& item);
  void add_grant(const boost::json::object& item);

  // Items received so far (for progress output).
  const RunCounts& received() const;

  // Completes the run: it becomes good, or quarantined when the guard objects
  // (see SyncRun::quarantine_reason). Older items are pruned afterwards.
  SyncRun commit();
  // Ends the run as failed or cancelled with `reason`; nothing it received is kept.
  SyncRun abort(std::string_view reason, RunStatus status = RunStatus::failed);

 private:
  struct State;
  void put_resource_type(const boost::json::object& item, std::string_view json);
  void put_resource(const boost::json::object& item, std::string_view json);
  void put_entitlement(const boost::json::object& item, std::string_view json);
  void put_grant(const boost::json::object& item, std::string_view json);
  explicit SyncWriter(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace connector::store
