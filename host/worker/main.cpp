// connector-worker: runs one connector's plugin for connector-host, in a process of
// its own, so that whatever the plugin does (crash, hang, exhaust memory) befalls
// this process and not the host. Started by the host only (see
// worker_protocol/startup.hpp); speaks the protocol of docs/worker-protocol.md on
// the socket it inherits.
//
// Before it loads the plugin it ties its life to the host's, makes itself not
// dumpable, takes the limits (RLIMIT_CORE 0 among them), and confines its file system
// (Landlock), in that order: nothing of the plugin's, not even its static
// constructors, runs outside them, and the connector's secrets, which come with the
// create call, never reach a core file or another process's ptrace.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>

#include "common/process_protection.hpp"
#include "loader/plugin_library.hpp"
#include "manifest/byte_size.hpp"
#include "sandbox/landlock.hpp"
#include "sandbox/resource_limits.hpp"
#include "worker/allocation_failures.hpp"
#include "worker/host_link.hpp"
#include "worker/plugin_server.hpp"
#include "worker_protocol/messages.hpp"
#include "worker_protocol/startup.hpp"

namespace {

namespace protocol = connector::host::worker_protocol;
namespace sandbox = connector::host::sandbox;
namespace worker = connector::host::worker;

// Exit statuses of a worker that could not start (the host reports them).
constexpr int exit_usage = 2;           // not started by connector-host
constexpr int exit_startup_failed = 3;  // told the host why in startup_failed

// The worker dies with the host, however the host ends (even SIGKILL): the kernel
// sends SIGKILL when the thread that started it goes. If the host went before this
// line ran, the worker was already handed to another parent, and leaves.
void die_with_parent(pid_t parent) {
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != parent) ::_exit(0);
}

// What the worker inherited that is not its own business: its socket must not leak
// into programs a plugin might start, and stdout belongs to the host's command
// output, so the plugin's stray prints go to stderr with the host's diagnostics.
void settle_file_descriptors(int socket) {
  ::fcntl(socket, F_SETFD, FD_CLOEXEC);
  ::dup2(STDERR_FILENO, STDOUT_FILENO);
}

// What the kernel now holds for this process, read back rather than assumed: the host
// shows it (validate's isolation line, the debug log).
std::string describe_memory_protection() {
  rlimit core{};
  const bool no_core = ::getrlimit(RLIMIT_CORE, &core) == 0 && core.rlim_max == 0;
  const bool dumpable = ::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0;
  return std::string(no_core ? "no core dumps" : "core dumps allowed") +
         (dumpable ? ", dumpable" : ", not dumpable");
}

std::string describe_limits(const protocol::WorkerStartup& startup, bool memory_limited) {
  const std::string memory =
      memory_limited ? "memory " + connector::host::manifest::format_byte_size(startup.memory_bytes)
                     : std::string("memory unlimited (a sanitizer build)");
  return memory + ", CPU " + std::to_string(startup.cpu_seconds) + " s, " +
         std::to_string(startup.open_files) + " open files, " + describe_memory_protection();
}

sandbox::FileSystemPolicy policy_of(const protocol::WorkerStartup& startup) {
  sandbox::FileSystemPolicy policy;
  policy.readable.assign(startup.readable.begin(), startup.readable.end());
  policy.writable_files.assign(startup.writable.begin(), startup.writable.end());
  policy.writable_directories.assign(startup.writable_directories.begin(),
                                     startup.writable_directories.end());
  return policy;
}

[[noreturn]] void fail_startup(worker::HostLink& link, const std::string& reason) {
  link.send(protocol::MessageType::startup_failed, protocol::StartupFailed{reason});
  ::_exit(exit_startup_failed);
}

}  // namespace

int main(int argc, char** argv) {
  protocol::WorkerStartup startup;
  try {
    startup = protocol::parse_arguments(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr,
                 "connector-worker: %s\nconnector-worker runs plugins for connector-host, which "
                 "starts it; it is not meant to be run by hand.\n",
                 e.what());
    return exit_usage;
  }
  die_with_parent(startup.parent);
  settle_file_descriptors(startup.socket);
  worker::HostLink link(startup.socket);

  protocol::Ready ready;
  try {
    // An exec made this process dumpable again, whatever the host was: set it here.
    if (const auto failure = connector::host::make_not_dumpable())
      throw std::runtime_error(*failure);
    const bool memory_limited = sandbox::apply_resource_limits(
        {startup.memory_bytes, startup.cpu_seconds, startup.open_files});
    ready.limits = describe_limits(startup, memory_limited);
    const sandbox::SandboxOutcome outcome = sandbox::restrict_file_system(policy_of(startup));
    ready.sandboxed = outcome.active;
    ready.sandbox = outcome.description;
  } catch (const std::exception& e) {
    fail_startup(link, e.what());
  }

  worker::count_allocation_failures();
  std::shared_ptr<const connector::host::loader::PluginLibrary> plugin;
  try {
    plugin = connector::host::loader::PluginLibrary::load(startup.plugin_path);
  } catch (const std::exception& e) {
    fail_startup(link, "cannot load " + startup.plugin_path + ": " + e.what());
  }
  if (plugin->id() != startup.plugin_id) {
    fail_startup(link, startup.plugin_path + " is now plugin '" + plugin->id() + "', not '" +
                           startup.plugin_id + "' (replaced since the host loaded it?)");
  }
  ready.plugin_id = plugin->id();
  ready.plugin_version = plugin->descriptor().version;

  link.start_reading();
  link.send(protocol::MessageType::ready, ready);
  worker::PluginServer server(link, plugin->table());
  while (server.serve(link.next_call())) {
  }
  // Destroyed: the plugin joined its threads. The library stays mapped to the end,
  // and the reading thread needs no goodbye.
  std::fflush(stderr);
  ::_exit(0);
}
