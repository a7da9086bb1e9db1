// `sync CONNECTOR [--accept-quarantined]`: a full sync of one connector into
// the store (STATE_DIR/store.db), or the acceptance of its quarantined sync.
//
// The plugin is walked exactly as DESIGN's ABI note says: list_resource_types,
// then list_resources per type, then list_entitlements("") and list_grants("")
// (all pages), each item written into the run as it arrives. The run becomes
// the connector's latest good sync only when every page was read and the
// mass-deletion guard agrees; an error or a signal aborts it and the previous
// good sync stays.
#include <unistd.h>

#include <boost/program_options/value_semantic.hpp>

#include <chrono>
#include <cstdio>
#include <string>

#include "commands/arguments.hpp"
#include "connector/store/json.hpp"
#include "connector/store/schema.hpp"
#include "connector/store/store.hpp"
#include "connector/store/sync_runs.hpp"
#include "connector/store/sync_writer.hpp"
#include "runtime/call_error.hpp"
#include "runtime/page_loop.hpp"

namespace connector::host::commands {
namespace {

namespace po = boost::program_options;

store::Store open_store(const Session& session) {
  try {
    return store::Store(session.options().state_dir);
  } catch (const std::exception& e) {
    throw HostError(ExitCode::state, std::string("cannot open the store: ") + e.what());
  }
}

std::vector<output::Column> run_columns() {
  return {{"RUN", "run_id"},
          {"STATUS", "status"},
          {"TYPES", "resource_types"},
          {"RESOURCES", "resources"},
          {"ENTITLEMENTS", "entitlements"},
          {"GRANTS", "grants"},
          {"DURATION MS", "duration_ms"},
          {"REASON", "quarantine_reason"},
          {"ERROR", "error"}};
}

// Live item counts on stderr while a sync runs from a terminal (never on a pipe
// or with -o json), redrawn at most four times a second.
class Progress {
 public:
  Progress(bool enabled, const store::SyncWriter& writer)
      : enabled_(enabled), writer_(writer), start_(Clock::now()), last_(start_) {}
  ~Progress() {
    if (drawn_) std::fputs("\r\033[K", stderr);
  }
  void tick() {
    if (!enabled_ || (++items_ & 0xff) != 0) return;
    const auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    const auto& counts = writer_.received();
    const double seconds = std::chrono::duration<double>(now - start_).count();
    std::fprintf(stderr,
                 "\r\033[Ksync %s: %lld resources, %lld entitlements, %lld "
                 "grants (%.0f items/s)",
                 writer_.connector().c_str(), static_cast<long long>(counts.resources),
                 static_cast<long long>(counts.entitlements), static_cast<long long>(counts.grants),
                 static_cast<double>(counts.total()) / seconds);
    drawn_ = true;
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  const store::SyncWriter& writer_;
  Clock::time_point start_;
  Clock::time_point last_;
  unsigned items_ = 0;
  bool drawn_ = false;
};

// Reads everything the plugin lists into `writer`.
void read_everything(runtime::Instance& instance, store::SyncWriter& writer, Progress& progress) {
  std::vector<std::string> types;
  instance.list_resource_types([&](boost::json::object&& item) {
    writer.add_resource_type(item);
    types.emplace_back(item.at("id").as_string());  // add_resource_type checked it
  });
  for (const std::string& type : types) {
    runtime::ListQuery query;
    query.resource_type = type;
    runtime::PageLoop(instance, runtime::ListOperation::resources, query)
        .run([&](boost::json::object&& item) {
          writer.add_resource(item);
          progress.tick();
        });
  }
  // Empty resource ids: the entitlements and grants of every resource, one
  // stream each.
  runtime::PageLoop(instance, runtime::ListOperation::entitlements, {})
      .run([&](boost::json::object&& item) {
        writer.add_entitlement(item);
        progress.tick();
      });
  runtime::PageLoop(instance, runtime::ListOperation::grants, {})
      .run([&](boost::json::object&& item) {
        writer.add_grant(item);
        progress.tick();
      });
}

// A signal stops the sync as cancelled; anything else fails it.
store::RunStatus abort_status(const HostError& error) {
  const int code = static_cast<int>(error.code());
  if (code == static_cast<int>(ExitCode::cancelled) || code == 128 + 15) {
    return store::RunStatus::cancelled;
  }
  return store::RunStatus::failed;
}

class SyncCommand final : public Command {
 public:
  std::string_view name() const override { return "sync"; }
  std::string_view synopsis() const override {
    return "sync CONNECTOR [--accept-quarantined] [--max-removed-share F] "
           "[--min-removed N]";
  }
  std::string_view summary() const override {
    return "read everything the connector lists into the store as one sync run";
  }
  void declare(CommandOptions& options) const override {
    add_connector_argument(options);
    const store::GuardOptions defaults;
    options.visible.add_options()(
        "accept-quarantined", "promote the connector's quarantined sync to good (no plugin call)")(
        "max-removed-share", po::value<double>()->default_value(defaults.max_removed_share),
        "quarantine a sync that removes more than this share of users or "
        "grants")("min-removed", po::value<std::int64_t>()->default_value(defaults.min_removed),
                  "... and at least this many");
  }

  void run(Session& session, const po::variables_map& args) const override {
    const std::string& connector = connector_argument(args);
    session.connector(connector);  // an unknown or disabled connector fails here
    auto store = open_store(session);
    auto printer = session.printer(run_columns());
    if (args.count("accept-quarantined") != 0) {
      try {
        printer->print(store::to_json(
            store::accept_quarantined(store.db(), connector, store.options().keep_good_runs)));
      } catch (const store::SqliteError& e) {
        throw HostError(ExitCode::state, e.what());
      } catch (const std::runtime_error& e) {
        throw HostError(ExitCode::state, e.what());  // nothing to accept
      }
      printer->finish();
      return;
    }

    const store::GuardOptions guard{args["max-removed-share"].as<double>(),
                                    args["min-removed"].as<std::int64_t>()};
    auto instance = session.open(connector);
    auto writer = store::SyncWriter::begin(store, connector, guard);
    const bool interactive =
        session.options().format == output::Format::console && ::isatty(STDERR_FILENO) == 1;
    try {
      Progress progress(interactive, writer);
      read_everything(*instance, writer, progress);
    } catch (const HostError& e) {
      printer->print(store::to_json(writer.abort(e.what(), abort_status(e))));
      printer->finish();
      throw;
    } catch (const store::InvalidItemError& e) {
      const std::string reason = "plugin of " + connector + " emitted an invalid item: " + e.what();
      printer->print(store::to_json(writer.abort(reason)));
      printer->finish();
      throw HostError(ExitCode::plugin_call, reason);
    } catch (const store::SqliteError& e) {
      // The store itself failed (disk full, I/O error); the writer's destructor
      // records the run as failed if the database still lets it.
      throw HostError(ExitCode::state,
                      std::string("the store failed during the sync: ") + e.what());
    }
    store::SyncRun run;
    try {
      run = writer.commit();
    } catch (const store::SqliteError& e) {
      throw HostError(ExitCode::state,
                      std::string("the store failed to commit the sync: ") + e.what());
    }
    printer->print(store::to_json(run));
    printer->finish();
    if (run.status == store::RunStatus::quarantined) {
      session.logger()->warn(
          "sync of {} quarantined: {}; the previous good sync stays current. "
          "If the removals "
          "are real, accept it with: sync {} --accept-quarantined",
          connector, run.quarantine_reason.value_or(""), connector);
    }
  }
};

}  // namespace

std::unique_ptr<Command> make_sync_command() { return std::make_unique<SyncCommand>(); }

}  // namespace connector::host::commands
