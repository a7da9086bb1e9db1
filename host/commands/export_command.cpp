// `export CONNECTOR --format jsonl|csv [--as-of AT] [--file FILE]`: the state at the
// connector's latest good sync (or at AT) for other tools (see
// connector/store/export.hpp for both formats). Without --file the export goes to
// stdout; with it, to FILE, replaced atomically, and the command prints a one-item
// summary. (--output is taken: it is the global -o.)
#include <unistd.h>

#include <boost/program_options/value_semantic.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands/arguments.hpp"
#include "commands/point_in_time_option.hpp"
#include "connector/store/export.hpp"
#include "connector/store/store.hpp"
#include "connector/store/sync_runs.hpp"

namespace connector::host::commands {
namespace {

namespace fs = std::filesystem;

// Writes FILE through a temporary sibling renamed over it at the end, so a
// reader never sees half an export and a failed export leaves the old file in
// place.
std::int64_t export_to_file(store::Database& db, std::int64_t run_id, store::ExportFormat format,
                            const fs::path& file) {
  const fs::path partial = file.string() + ".partial-" + std::to_string(::getpid());
  try {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot create " + partial.string());
    const auto items = store::export_run(db, run_id, format, out);
    out.close();
    if (!out) throw std::runtime_error("cannot write " + partial.string());
    fs::rename(partial, file);
    return items;
  } catch (...) {
    std::error_code ignored;
    fs::remove(partial, ignored);
    throw;
  }
}

class ExportCommand final : public Command {
 public:
  std::string_view name() const override { return "export"; }
  std::string_view synopsis() const override {
    return "export CONNECTOR --format jsonl|csv [--as-of AT] [--file FILE]";
  }
  std::string_view summary() const override {
    return "write the state at the connector's latest good sync (or at AT) as JSON lines or CSV";
  }
  void declare(CommandOptions& options) const override {
    add_connector_argument(options);
    options.visible.add_options()(
        "format", boost::program_options::value<std::string>()->required(),
        "jsonl (one item per line, with \"kind\") or csv (one flat file for "
        "IGA imports)")("file", boost::program_options::value<std::string>(),
                        "file to write (default: stdout)");
    add_point_in_time_option(options, "as-of",
                             "the state at AT (a run: 12 or run:12; a date: 2026-11-30; a time: "
                             "2026-11-30T12:00:00Z); default: the latest good sync");
  }

  void run(Session& session, const boost::program_options::variables_map& args) const override {
    const std::string& connector = connector_argument(args);
    store::ExportFormat format;
    try {
      format = store::parse_export_format(args["format"].as<std::string>());
    } catch (const std::invalid_argument& e) {
      throw HostError(ExitCode::usage, e.what());
    }
    const std::string file = optional_string(args, "file");
    const auto as_of = point_in_time_argument(args, "as-of");
    try {
      store::Store store(session.options().state_dir);
      const auto run = resolve_run(store.db(), connector, as_of, "--as-of");
      if (file.empty()) {
        store::export_run(store.db(), run.id, format, session.out());
        session.out().flush();
        return;
      }
      const auto items = export_to_file(store.db(), run.id, format, file);
      auto printer = session.printer(
          {{"RUN", "run_id"}, {"ITEMS", "items"}, {"FORMAT", "format"}, {"FILE", "file"}});
      printer->print({{"run_id", run.id},
                      {"connector", connector},
                      {"items", items},
                      {"format", args["format"].as<std::string>()},
                      {"file", file}});
      printer->finish();
    } catch (const HostError&) {
      throw;
    } catch (const std::exception& e) {
      throw HostError(ExitCode::state, std::string("export failed: ") + e.what());
    }
  }
};

}  // namespace

std::unique_ptr<Command> make_export_command() { return std::make_unique<ExportCommand>(); }

}  // namespace connector::host::commands
