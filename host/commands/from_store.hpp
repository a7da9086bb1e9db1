// `--from-store` for the listing commands (resources, entitlements, grants): answer
// from the connector's latest good sync in the store, without loading the plugin or
// calling the remote service. The items are the JSON the plugin emitted during that
// sync, so the answer has the same shape as a live listing.
#pragma once

#include <boost/json/parse.hpp>
#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>

#include <exception>
#include <functional>
#include <optional>
#include <string>

#include "commands/arguments.hpp"
#include "common/error.hpp"
#include "connector/store/snapshot.hpp"
#include "connector/store/store.hpp"

namespace connector::host::commands {

inline void add_from_store_option(CommandOptions& options) {
  options.visible.add_options()(
      "from-store", "answer from the latest good sync in the store (no call to the connector)");
}

inline bool from_store_requested(const boost::program_options::variables_map& args) {
  return args.count("from-store") != 0;
}

// Prints what `read` visits in the connector's latest good snapshot. Throws
// HostError(state) when the store cannot be read or holds no good sync yet.
inline void print_from_store(
    Session& session, const std::string& connector, output::Printer& printer,
    const std::function<void(const store::Snapshot&, const store::ItemVisitor&)>& read) {
  try {
    store::Store store(session.options().state_dir);
    const std::optional<store::Snapshot> snapshot =
        store::Snapshot::latest_good(store.db(), connector);
    if (!snapshot) {
      throw HostError(
          ExitCode::state,
          "connector " + connector + " has no good sync in the store; run: sync " + connector);
    }
    read(*snapshot,
         [&](std::string_view item) { printer.print(boost::json::parse(item).as_object()); });
  } catch (const HostError&) {
    throw;
  } catch (const std::exception& e) {
    throw HostError(ExitCode::state, std::string("cannot read the store: ") + e.what());
  }
  printer.finish();
}

}  // namespace connector::host::commands
