// Ctrl-C and SIGTERM: remembered in an atomic flag that every call context polls.
//
// The handler only stores the signal number (async-signal-safe); plugins see it
// through conn_call.cancelled and return CONN_CANCELLED, and the page loop stops
// between pages. A second signal while the first is still being honoured ends the
// process the default way, so a plugin that never polls cannot hold the host hostage.
#pragma once

namespace connector::host::runtime {

// Installs the SIGINT and SIGTERM handlers. Idempotent.
void install_interrupt_handlers();

// The signal received (SIGINT or SIGTERM), 0 when none. [async-signal-safe]
int interrupt_signal() noexcept;

// As if `signal` had been received (tests, service shutdown); 0 forgets it.
void set_interrupt_signal(int signal) noexcept;

}  // namespace connector::host::runtime
