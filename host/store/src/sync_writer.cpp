#include "connector/store/sync_writer.hpp"

#include <unistd.h>

#include <boost/json/serializer.hpp>

#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "background_checkpoint.hpp"
#include "connector/store/retention.hpp"
#include "connector/store/sync_runs.hpp"
#include "deferred_indexes.hpp"
#include "item_queue.hpp"
#include "item_record.hpp"
#include "item_scan.hpp"
#include "run_changes.hpp"
#include "version_table.hpp"

namespace connector::store {
namespace {

using detail::ItemKind;

// Rows written per write transaction while items stream in: large enough that a
// first sync commits rarely, small enough that the write lock is never held long.
constexpr int kBatchWrites = 20000;
// A batch is handed to the writer's thread once it holds this many items or bytes.
constexpr std::size_t kHandOverItems = 512;
constexpr std::size_t kHandOverBytes = 256 * 1024;
// How many items ahead the writer prefetches the current version it compares with:
// the directory entry that names its bucket first, then the bucket.
constexpr std::size_t kPrefetchBucketAhead = 16;
constexpr std::size_t kPrefetchAhead = 8;

// What the writer compares with: the connector's latest good run.
struct Baseline {
  std::int64_t run_id = 0;  // 0: none yet
  std::int64_t items = 0;
  std::int64_t users = 0;
};

Baseline read_baseline(Database& db, std::string_view connector) {
  Statement query(db,
                  "SELECT id, resource_types + resources + entitlements + grants, users"
                  " FROM sync_runs WHERE connector = ?1 AND status = 'good'"
                  " ORDER BY id DESC LIMIT 1");
  query.bind(1, connector);
  if (!query.step()) return {};
  return {query.integer(0), query.integer(1), query.integer(2)};
}

std::int64_t latest_good_id(Database& db, std::string_view connector) {
  return read_baseline(db, connector).run_id;
}

}  // namespace

// The writer's state. Between begin() and commit()/abort() the database connection,
// the comparison and the write batch belong to the writer's thread (`worker`); the
// calling thread only fills `pending` and hands it over through `queue`. commit()
// and abort() join the thread first, and own everything again.
struct SyncWriter::State {
  Database db;
  std::string connector;
  SyncOptions options;
  std::int64_t connector_id = 0;
  std::int64_t run_id = 0;
  Baseline baseline;
  RunCounts received;  // the calling thread's
  bool finished = false;
  bool batch_open = false;
  int batch_writes = 0;
  std::optional<detail::RunChanges> changes;
  // Copies the WAL into the database file beside the writer; stopped before `db` goes.
  std::optional<detail::BackgroundCheckpoint> checkpoint;

  // The calling thread's: the scanner, a parsed item's text, the batch being filled.
  detail::ItemScanner scanner;
  std::string serialized;
  detail::ItemBatch pending;
  detail::ItemQueue queue;
  std::thread worker;
  std::mutex error_mutex;
  std::exception_ptr worker_error;  // the first failure of the writer thread

  State(Database database, std::string name, SyncOptions sync_options)
      : db(std::move(database)), connector(std::move(name)), options(sync_options) {}

  ~State() { stop_worker(); }

  void before_write() {
    if (!batch_open) {
      db.execute("BEGIN IMMEDIATE");
      batch_open = true;
    }
    ++batch_writes;
  }

  void end_batch_if_full() {
    if (batch_open && batch_writes >= kBatchWrites) end_batch(true);
  }

  void end_batch(bool keep) {
    if (!batch_open) return;
    if (changes) {
      if (keep)
        changes->flush();
      else
        changes->discard();
    }
    batch_open = false;
    batch_writes = 0;
    db.execute(keep ? "COMMIT" : "ROLLBACK");
  }

  // [writer thread] Loads the current versions, then compares and writes every item
  // handed over, until the end of the run or a failure.
  void work() {
    try {
      changes.emplace(
          db, connector_id, run_id,
          detail::load_current_versions(db, connector_id, static_cast<std::size_t>(baseline.items)),
          baseline.users, [this] { before_write(); });
      queue.narrow();
      detail::ItemBatch batch;
      while (queue.pop(batch)) {
        const std::size_t items = batch.items.size();
        for (std::size_t at = 0; at < items; ++at) {
          if (at + kPrefetchBucketAhead < items) {
            changes->prefetch_bucket(batch.items[at + kPrefetchBucketAhead].key);
          }
          if (at + kPrefetchAhead < items) changes->prefetch(batch.items[at + kPrefetchAhead].key);
          write(batch, batch.items[at]);
        }
        // What the changes keep unwritten points into the batch, which goes back now.
        changes->flush();
        const auto then = batch.then;
        queue.recycle(std::move(batch));
        if (then == detail::ItemBatch::Then::finish || then == detail::ItemBatch::Then::flush)
          end_batch(true);
        if (then == detail::ItemBatch::Then::finish) return;
      }
    } catch (...) {
      if (changes) changes->discard();
      {
        std::lock_guard lock(error_mutex);
        worker_error = std::current_exception();
      }
      queue.stop();
    }
  }

  void write(const detail::ItemBatch& batch, const detail::QueuedItem& item) {
    detail::ScannedItem fields;
    fields.id = batch.view(item.id);
    fields.type = batch.view(item.type);
    fields.resource = batch.view(item.resource);
    fields.entitlement = batch.view(item.entitlement);
    fields.principal = batch.view(item.principal);
    fields.is_user = item.is_user;
    changes->put(detail::make_record(item.kind, batch.view(item.text), item.hash, fields),
                 item.key);
    end_batch_if_full();
  }

  // [calling thread] Checks `text` and appends it, with the fields the store keeps,
  // to the batch being filled; hands the batch over once full.
  void put(detail::ItemKind kind, std::string_view text) {
    const detail::ScannedItem scanned = scanner.scan(kind, text);
    if (text.size() > std::numeric_limits<std::uint32_t>::max() / 2) {
      throw InvalidItemError("an item of " + std::to_string(text.size()) + " bytes is too large");
    }
    detail::QueuedItem item;
    item.kind = kind;
    item.is_user = scanned.is_user;
    item.key = detail::key_hash(kind, scanned.id);
    // Hashed here, where the text was just scanned: the writer's thread is a first
    // sync's bottleneck, this one is not.
    item.hash = detail::content_hash(text);
    item.text = pending.append(text);
    item.id = pending.append(scanned.id);
    item.type = pending.append(scanned.type);
    item.resource = pending.append(scanned.resource);
    item.entitlement = pending.append(scanned.entitlement);
    item.principal = pending.append(scanned.principal);
    pending.items.push_back(item);
    if (pending.items.size() >= kHandOverItems || pending.bytes.size() >= kHandOverBytes) {
      hand_over(detail::ItemBatch::Then::nothing);
    }
  }

  // [calling thread] Hands `pending` over with `then`; rethrows the writer thread's
  // failure, if any.
  void hand_over(detail::ItemBatch::Then then) {
    pending.then = then;
    const bool taken = queue.push(std::move(pending));
    pending = queue.take_spare();
    if (!taken) rethrow_worker_error();
  }

  void rethrow_worker_error() {
    std::lock_guard lock(error_mutex);
    if (worker_error) std::rethrow_exception(worker_error);
    throw std::logic_error("the sync writer's thread stopped");
  }

  // [calling thread] Ends the writer thread; what it was given and not yet written is
  // dropped.
  void stop_worker() {
    if (!worker.joinable()) return;
    queue.stop();
    worker.join();
  }

  // [calling thread] Waits until everything handed over is written, and owns the
  // connection again. Rethrows the writer thread's failure.
  void finish_worker() {
    if (!worker.joinable()) return;
    // Refused only when the thread already stopped on a failure, rethrown below.
    detail::ItemBatch last;
    last.then = detail::ItemBatch::Then::finish;
    (void)queue.push(std::move(last));
    worker.join();
    std::lock_guard lock(error_mutex);
    if (worker_error) std::rethrow_exception(worker_error);
  }
};

SyncWriter::SyncWriter(std::unique_ptr<State> state) : state_(std::move(state)) {}
SyncWriter::SyncWriter(SyncWriter&&) noexcept = default;
SyncWriter& SyncWriter::operator=(SyncWriter&&) noexcept = default;

SyncWriter::~SyncWriter() {
  if (!state_ || state_->finished) return;
  try {
    abort("the sync ended without being committed");
  } catch (...) {
    // Destructors must not throw. The run stays 'running' and is marked failed (its
    // versions deleted) by the next Store that opens the database after this process
    // ends.
  }
}

SyncWriter SyncWriter::begin(const Store& store, std::string connector, SyncOptions options) {
  auto state = std::make_unique<State>(store.connect(), std::move(connector), options);
  State& s = *state;
  Database& db = s.db;
  // A small page cache: the writer touches few pages of an unchanged store, and a
  // sync's peak memory is the version index, the plugin and this.
  db.execute("PRAGMA main.cache_size = -8192;");
  // Opened before the run row is written, so that a failure to open leaves none.
  Database checkpoint_connection = store.connect();

  {
    Transaction transaction(db, Transaction::Mode::immediate);
    // A run left by a dead process is failed now; one of a live process is a sync
    // in progress, and two syncs of a connector at once would compare with the same
    // baseline and overwrite each other's changes.
    recover_abandoned_runs(db, s.connector);
    Statement running(db,
                      "SELECT id, owner_pid FROM sync_runs WHERE connector = ?1"
                      " AND status = 'running' ORDER BY id LIMIT 1");
    running.bind(1, s.connector);
    if (running.step()) {
      throw SyncInProgressError("a sync of " + s.connector + " is already running (run " +
                                std::to_string(running.integer(0)) + ", pid " +
                                std::to_string(running.optional_integer(1).value_or(0)) + ")");
    }
    running.reset();
    // The run row is committed before any item, so a running sync is visible to
    // other processes; owner_pid lets a later open tell an abandoned run.
    Statement insert(db,
                     "INSERT INTO sync_runs (connector, started_at, status, owner_pid)"
                     " VALUES (?1, ?2, 'running', ?3)");
    insert.bind(1, s.connector).bind(2, to_unix_ms(now())).bind(3, std::int64_t{::getpid()});
    insert.run();
    s.run_id = db.last_insert_rowid();
    s.connector_id = detail::ensure_connector(db, s.connector);
    s.baseline = read_baseline(db, s.connector);
    // Into an empty store, the id and history indexes are built once at commit (or abort).
    if (detail::holds_no_versions(db)) detail::drop_deferred_indexes(db);
    transaction.commit();
  }

  // The writer's thread loads the current versions while the plugin makes its first
  // calls (no other sync of the connector can change them before this one commits).
  // Meanwhile the plugin's first items queue deeper (a first sync has nothing to load).
  if (s.baseline.items > 0) s.queue.widen();
  s.checkpoint.emplace(s.db, std::move(checkpoint_connection));
  s.worker = std::thread([&s] { s.work(); });
  return SyncWriter(std::move(state));
}

std::int64_t SyncWriter::run_id() const { return state_->run_id; }
const std::string& SyncWriter::connector() const { return state_->connector; }
const RunCounts& SyncWriter::received() const { return state_->received; }

void SyncWriter::add_resource_type(std::string_view json) {
  put(detail::to_int(ItemKind::resource_type), json);
}
void SyncWriter::add_resource(std::string_view json) {
  put(detail::to_int(ItemKind::resource), json);
}
void SyncWriter::add_entitlement(std::string_view json) {
  put(detail::to_int(ItemKind::entitlement), json);
}
void SyncWriter::add_grant(std::string_view json) { put(detail::to_int(ItemKind::grant), json); }

void SyncWriter::add_resource_type(const boost::json::object& item) {
  put(detail::to_int(ItemKind::resource_type), item);
}
void SyncWriter::add_resource(const boost::json::object& item) {
  put(detail::to_int(ItemKind::resource), item);
}
void SyncWriter::add_entitlement(const boost::json::object& item) {
  put(detail::to_int(ItemKind::entitlement), item);
}
void SyncWriter::add_grant(const boost::json::object& item) {
  put(detail::to_int(ItemKind::grant), item);
}

namespace {

void count(RunCounts& counts, ItemKind kind) {
  switch (kind) {
    case ItemKind::resource_type:
      ++counts.resource_types;
      break;
    case ItemKind::resource:
      ++counts.resources;
      break;
    case ItemKind::entitlement:
      ++counts.entitlements;
      break;
    case ItemKind::grant:
      ++counts.grants;
      break;
  }
}

}  // namespace

void SyncWriter::put(int kind_number, std::string_view json) {
  const auto kind = static_cast<ItemKind>(kind_number);
  State& s = *state_;
  if (s.finished) throw std::logic_error("sync run already finished");
  // Checked here, so an invalid item is refused by the call that brought it; it is
  // hashed, compared and written on the writer's thread.
  s.put(kind, json);
  count(s.received, kind);
}

void SyncWriter::put(int kind_number, const boost::json::object& item) {
  State& s = *state_;
  if (s.finished) throw std::logic_error("sync run already finished");
  // Serialized into one reused buffer, then taken as text: the text is what is stored.
  boost::json::serializer serializer;
  serializer.reset(&item);
  s.serialized.clear();
  while (!serializer.done()) {
    char chunk[4096];
    s.serialized.append(serializer.read(chunk, sizeof chunk));
  }
  put(kind_number, s.serialized);
}

void SyncWriter::flush() {
  State& s = *state_;
  if (s.finished) throw std::logic_error("sync run already finished");
  s.hand_over(detail::ItemBatch::Then::flush);
}

SyncRun SyncWriter::commit() {
  State& s = *state_;
  if (s.finished) throw std::logic_error("sync run already finished");
  Database& db = s.db;
  if (!s.pending.items.empty()) s.hand_over(detail::ItemBatch::Then::nothing);
  s.finish_worker();  // everything handed over is written; the connection is ours
  s.end_batch(true);
  // Built before the commit's transaction, each committed apart (deferred_indexes.hpp).
  detail::build_missing_deferred_indexes(db);

  {
    // Everything the commit decides and writes is one transaction; the writes of
    // finish() and apply() go into it (batch_open says so to before_write).
    Transaction transaction(db, Transaction::Mode::immediate);
    s.batch_open = true;
    struct BatchGuard {
      State& s;
      ~BatchGuard() { s.batch_open = false; }
    } batch_guard{s};

    Statement status(db, "SELECT status FROM sync_runs WHERE id = ?1");
    status.bind(1, s.run_id);
    if (!status.step() || status.text(0) != "running") {
      throw std::runtime_error("sync run " + std::to_string(s.run_id) + " is no longer running");
    }
    status.reset();
    if (const std::int64_t latest = latest_good_id(db, s.connector); latest != s.baseline.run_id) {
      throw std::runtime_error("run " + std::to_string(latest) + " of " + s.connector +
                               " became good while this sync ran; sync again");
    }

    // Built here if this sync (or another, first into an empty store) dropped them.
    detail::ensure_deferred_indexes(db);
    const detail::RunOutcome outcome = s.changes->finish();
    // The guard compares with the latest good run only: a quarantined run is never
    // the baseline, so repeated bad syncs cannot walk the state down step by step.
    std::optional<std::string> reason;
    if (s.baseline.run_id != 0) {
      reason = quarantine_reason(s.options.guard, outcome.removed_users, outcome.removed_grants);
    }
    if (reason) {
      detail::hold_run_changes(db, s.connector_id, s.run_id, outcome.endings);
    } else {
      s.changes->apply(outcome);
      // Quarantined runs older than this good one can no longer be accepted.
      Statement superseded(db,
                           "SELECT id FROM sync_runs"
                           " WHERE connector = ?1 AND status = 'quarantined' AND id < ?2");
      superseded.bind(1, s.connector).bind(2, s.run_id);
      std::vector<std::int64_t> dropped;
      while (superseded.step()) dropped.push_back(superseded.integer(0));
      superseded.reset();
      for (const std::int64_t run : dropped) detail::drop_held_changes(db, run);
      Statement supersede(db,
                          "UPDATE sync_runs SET status = 'superseded'"
                          " WHERE connector = ?1 AND status = 'quarantined' AND id < ?2");
      supersede.bind(1, s.connector).bind(2, s.run_id).run();
      Statement history(db,
                        "UPDATE connectors SET history_from = coalesce(history_from, ?2)"
                        " WHERE id = ?1");
      history.bind(1, s.connector_id).bind(2, s.run_id).run();
    }

    Statement finish(db,
                     "UPDATE sync_runs SET status = ?2, finished_at = ?3, resource_types = ?4,"
                     " resources = ?5, entitlements = ?6, grants = ?7, quarantine_reason = ?8,"
                     " users = ?9, added = ?10, changed = ?11, removed = ?12,"
                     " owner_pid = NULL WHERE id = ?1");
    finish.bind(1, s.run_id)
        .bind(2, reason ? "quarantined" : "good")
        .bind(3, to_unix_ms(now()))
        .bind(4, outcome.stored.resource_types)
        .bind(5, outcome.stored.resources)
        .bind(6, outcome.stored.entitlements)
        .bind(7, outcome.stored.grants)
        .bind(8, reason)
        .bind(9, outcome.users)
        .bind(10, outcome.added)
        .bind(11, outcome.changed)
        .bind(12, outcome.removed)
        .run();
    transaction.commit();
  }
  s.finished = true;
  s.changes.reset();  // the index's memory goes back before retention runs

  if (s.options.keep_history) {
    fold_history(db, s.connector, now() - *s.options.keep_history);
  }
  return *find_run(db, s.run_id);
}

SyncRun SyncWriter::abort(std::string_view reason, RunStatus status) {
  State& s = *state_;
  if (s.finished) throw std::logic_error("sync run already finished");
  if (status != RunStatus::failed && status != RunStatus::cancelled) {
    throw std::invalid_argument("a sync can only be aborted as failed or cancelled");
  }
  s.stop_worker();
  s.end_batch(false);
  s.changes.reset();
  {
    Transaction transaction(s.db, Transaction::Mode::immediate);
    // Nothing received is kept; the counts record how far the sync got, for diagnosis.
    detail::delete_run_versions(s.db, s.connector_id, s.run_id);
    detail::ensure_deferred_indexes(s.db);
    Statement finish(s.db,
                     "UPDATE sync_runs SET status = ?2, finished_at = ?3, error = ?4,"
                     " resource_types = ?5, resources = ?6, entitlements = ?7, grants = ?8,"
                     " owner_pid = NULL WHERE id = ?1 AND status = 'running'");
    finish.bind(1, s.run_id)
        .bind(2, to_string(status))
        .bind(3, to_unix_ms(now()))
        .bind(4, reason)
        .bind(5, s.received.resource_types)
        .bind(6, s.received.resources)
        .bind(7, s.received.entitlements)
        .bind(8, s.received.grants)
        .run();
    transaction.commit();
  }
  s.finished = true;
  return *find_run(s.db, s.run_id);
}

}  // namespace connector::store
