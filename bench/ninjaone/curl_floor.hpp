// The floor a listing is measured against: curl fetching the same token and the same
// pages over ONE keep-alive connection (curl reuses its connection for the URLs of
// one command line), with the response bodies thrown away.
#ifndef NINJAONE_BENCH_CURL_FLOOR_HPP
#define NINJAONE_BENCH_CURL_FLOOR_HPP

#include <cstdint>
#include <string>
#include <vector>

namespace ninjaone_bench {

struct FloorFigures {
  double seconds = 0;  // token request + every page
  std::uint64_t bytes = 0;
  std::uint64_t connects = 0;  // new connections curl opened for the pages
  std::size_t requests = 0;
  std::string failure;
};

struct FloorRequest {
  std::string base_url;
  std::string ca_file;  // empty: none (a plain http:// base_url)
  std::string client_id;
  std::string client_secret;
  std::string scope;
  std::vector<std::string> targets;  // path + query, eg: /v2/organizations?pageSize=1000
};

FloorFigures curl_floor(const FloorRequest& request);

}  // namespace ninjaone_bench

#endif  // NINJAONE_BENCH_CURL_FLOOR_HPP
