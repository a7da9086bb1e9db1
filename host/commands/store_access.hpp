// The store as commands open it: STATE/store.db, with the commands' one-line error.
#pragma once

#include <connector/store/store.hpp>

#include <exception>
#include <string>

#include "common/error.hpp"
#include "session/session.hpp"

namespace connector::host::commands {

// Throws HostError(state) naming the state directory when the store cannot be opened.
inline store::Store open_store(Session& session) {
  try {
    return store::Store(session.options().state_dir);
  } catch (const std::exception& e) {
    throw HostError(ExitCode::state, "cannot open the store in " +
                                         session.options().state_dir.string() + ": " + e.what());
  }
}

}  // namespace connector::host::commands
