// connector-host: everything but this entry point lives in connector_host_lib.
#include <iostream>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
  return connector::host::cli::run(argc, argv, std::cout, std::cerr);
}
