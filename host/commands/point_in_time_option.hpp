// The AT options of the store commands (--as-of, --from, --to, --since): a run
// number or an RFC 3339 date or time (connector/store/point_in_time.hpp), and the
// good run it designates, with the commands' one-line errors.
#pragma once

#include <boost/program_options/value_semantic.hpp>
#include <boost/program_options/variables_map.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "commands/command.hpp"
#include "common/error.hpp"
#include "connector/store/point_in_time.hpp"
#include "connector/store/sync_runs.hpp"

namespace connector::host::commands {

inline void add_point_in_time_option(CommandOptions& options, const char* name, const char* help) {
  options.visible.add_options()(
      name, boost::program_options::value<std::string>()->value_name("AT"), help);
}

// The option's AT, none when absent. Throws HostError(usage) when it does not parse.
inline std::optional<store::PointInTime> point_in_time_argument(
    const boost::program_options::variables_map& args, const char* name) {
  if (args.count(name) == 0) return std::nullopt;
  try {
    return store::parse_point_in_time(args[name].as<std::string>());
  } catch (const std::invalid_argument& e) {
    throw HostError(ExitCode::usage, "--" + std::string(name) + ": " + e.what());
  }
}

// The good run `at` designates, or the connector's latest good run without one.
// Throws HostError(state) when there is none (the message says why) and
// HostError(usage) for a run number of another connector.
inline store::SyncRun resolve_run(store::Database& db, const std::string& connector,
                                  const std::optional<store::PointInTime>& at,
                                  std::string_view option) {
  if (!at) {
    auto latest = store::latest_good_run(db, connector);
    if (!latest) {
      throw HostError(
          ExitCode::state,
          "connector " + connector + " has no good sync in the store; run: sync " + connector);
    }
    return *latest;
  }
  try {
    return store::resolve_point_in_time(db, connector, *at);
  } catch (const store::NoRunAtError& e) {
    throw HostError(ExitCode::state, std::string(option) + ": " + e.what());
  } catch (const std::invalid_argument& e) {
    throw HostError(ExitCode::usage, std::string(option) + ": " + e.what());
  }
}

}  // namespace connector::host::commands
