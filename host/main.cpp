// connector-host: everything but this entry point lives in connector_host_lib.
#include <sys/stat.h>

#include <iostream>

#include "cli/cli.hpp"
#include "common/process_protection.hpp"

int main(int argc, char** argv) {
  // First, before a manifest's secret or a token is read into memory: no core file,
  // not dumpable (docs/process-hardening.md).
  if (const auto failure = connector::host::protect_process_memory())
    std::cerr << "warning: core dumps could not be turned off: " << *failure << "\n";
  // Nothing this process creates is for other users: the state directory, the store
  // (SQLite gives store.db-wal and -shm the database file's mode), the secrets and
  // exported files are private (directories 0700, files 0600) whatever umask it was
  // started with. docs/security.md.
  ::umask(077);
  return connector::host::cli::run(argc, argv, std::cout, std::cerr);
}
