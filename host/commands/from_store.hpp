// `--from-store [--as-of AT]` for the listing commands (resources, entitlements,
// grants), and the by-resource listing entitlements and grants share. `--from-store`
// answers from the store, without loading the plugin or calling the remote service:
// the state at the connector's latest good sync, or with --as-of at the good sync AT
// designates (connector/store/point_in_time.hpp). The items are the JSON the plugin
// emitted, so the answer has the same shape as a live listing.
#pragma once

#include <boost/json/parse.hpp>
#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>

#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "commands/arguments.hpp"
#include "commands/point_in_time_option.hpp"
#include "common/error.hpp"
#include "connector/store/snapshot.hpp"
#include "connector/store/store.hpp"
#include "runtime/page_loop.hpp"

namespace connector::host::commands {

inline void add_from_store_option(CommandOptions& options) {
  options.visible.add_options()(
      "from-store", "answer from the latest good sync in the store (no call to the connector)");
  add_point_in_time_option(options, "as-of",
                           "with --from-store: the state at AT instead (a run: 12 or run:12; a "
                           "date: 2026-11-30; a time: 2026-11-30T12:00:00Z)");
}

// --from-store, or --as-of (which implies it).
inline bool from_store_requested(const boost::program_options::variables_map& args) {
  return args.count("from-store") != 0 || args.count("as-of") != 0;
}

// Prints what `read` visits in the connector's state at --as-of (default: its latest
// good sync). Throws HostError(state) when the store cannot be read or holds no good
// sync for that point, HostError(usage) for an AT that does not parse.
inline void print_from_store(
    Session& session, const boost::program_options::variables_map& args, output::Printer& printer,
    const std::function<void(const store::Snapshot&, const store::ItemVisitor&)>& read) {
  const std::string& connector = connector_argument(args);
  const auto as_of = point_in_time_argument(args, "as-of");
  try {
    store::Store store(session.options().state_dir);
    store::Transaction consistent(store.db(), store::Transaction::Mode::deferred);
    const store::Snapshot snapshot(store.db(),
                                   resolve_run(store.db(), connector, as_of, "--as-of"));
    read(snapshot,
         [&](std::string_view item) { printer.print(boost::json::parse(item).as_object()); });
    consistent.commit();
  } catch (const HostError&) {
    throw;
  } catch (const std::exception& e) {
    throw HostError(ExitCode::state, std::string("cannot read the store: ") + e.what());
  }
  printer.finish();
}

// The whole of `entitlements` and `grants`: what `--resource` names (every resource
// when it is absent), from the plugin page by page, or from the store.
inline void run_resource_listing(
    Session& session, const boost::program_options::variables_map& args,
    std::vector<output::Column> columns, runtime::ListOperation operation,
    void (store::Snapshot::*stored)(std::string_view, const store::ItemVisitor&) const) {
  const std::string resource = optional_string(args, "resource");
  auto printer = session.printer(std::move(columns));
  if (from_store_requested(args)) {
    print_from_store(session, args, *printer,
                     [&](const store::Snapshot& snapshot, const store::ItemVisitor& visit) {
                       (snapshot.*stored)(resource, visit);
                     });
    return;
  }
  auto instance = session.open(connector_argument(args));
  runtime::ListQuery query;
  query.resource_id = resource;
  runtime::PageLoop(*instance, operation, query).run(print_into(*printer));
  printer->finish();
}

}  // namespace connector::host::commands
