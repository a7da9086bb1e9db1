// The command line of ninjaone-sim (see --help).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "api.hpp"
#include "generator.hpp"
#include "oauth.hpp"

namespace ninjaone_sim {

struct Options {
  std::string listen_host = "127.0.0.1";
  unsigned short listen_port = 0;
  std::string port_file;
  std::string tls_cert;
  std::string tls_key;
  OAuthConfig oauth;
  std::string fixture;
  std::string dump_fixture;
  GeneratorParams generator;
  std::string request_log;
  unsigned latency_ms = 0;
  std::string faults;
  std::optional<std::uint64_t> fault_seed;  // defaults to the generator seed
  unsigned threads = 2;
  ApiOptions api;
};

// Returns nullopt after printing --help; throws std::invalid_argument on bad input.
std::optional<Options> parse_options(int argc, char** argv);

}  // namespace ninjaone_sim
