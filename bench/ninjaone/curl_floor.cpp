#include "curl_floor.hpp"

#include <boost/json/parse.hpp>

#include <chrono>
#include <sstream>

#include "support/child_process.hpp"

namespace ninjaone_bench {
namespace {

// curl, with no time limit worth the name: a large tenant behind a slow simulator
// takes long, and the figures say how long.
test_support::ProcessResult run_curl(const std::vector<std::string>& argv) {
  return test_support::run(argv, {}, std::chrono::hours(1));
}

}  // namespace

FloorFigures curl_floor(const FloorRequest& request) {
  FloorFigures figures;
  const auto start = std::chrono::steady_clock::now();

  // No CA file: plain http:// (sync_bench's simulator).
  std::vector<std::string> trust;
  if (!request.ca_file.empty()) trust = {"--cacert", request.ca_file};
  std::vector<std::string> token_argv{"curl", "-sS", "--fail"};
  token_argv.insert(token_argv.end(), trust.begin(), trust.end());
  token_argv.insert(token_argv.end(),
                    {"--data-urlencode", "grant_type=client_credentials", "--data-urlencode",
                     "client_id=" + request.client_id, "--data-urlencode",
                     "client_secret=" + request.client_secret, "--data-urlencode",
                     "scope=" + request.scope, request.base_url + "/ws/oauth/token"});
  const test_support::ProcessResult token = run_curl(token_argv);
  if (token.exit_code != 0) {
    figures.failure = "curl could not get a token";
    return figures;
  }
  const std::string access_token(boost::json::parse(token.out).at("access_token").as_string());

  std::vector<std::string> argv{"curl", "-sS", "--fail"};
  argv.insert(argv.end(), trust.begin(), trust.end());
  argv.insert(argv.end(), {"-H", "Authorization: Bearer " + access_token, "-w",
                           "%{size_download} %{num_connects}\\n"});
  for (const std::string& target : request.targets) {
    argv.insert(argv.end(), {"-o", "/dev/null", request.base_url + target});
  }
  const test_support::ProcessResult pages = run_curl(argv);
  figures.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (pages.exit_code != 0) {
    figures.failure = "curl failed fetching the pages";
    return figures;
  }
  std::istringstream lines(pages.out);
  for (std::uint64_t size = 0, connects = 0; lines >> size >> connects;) {
    figures.bytes += size;
    figures.connects += connects;
    ++figures.requests;
  }
  figures.requests += 1;  // the token request
  figures.bytes += token.out.size();
  return figures;
}

}  // namespace ninjaone_bench
