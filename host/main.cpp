// connector-host: everything but this entry point lives in connector_host_lib.
#include <sys/stat.h>

#include <iostream>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
  // Nothing this process creates is for other users: the state directory, the store
  // (SQLite gives store.db-wal and -shm the database file's mode), the secrets and
  // exported files are private (directories 0700, files 0600) whatever umask it was
  // started with. docs/security.md.
  ::umask(077);
  return connector::host::cli::run(argc, argv, std::cout, std::cerr);
}
