#include "curl_floor.hpp"

#include <boost/json/parse.hpp>

#include <chrono>
#include <sstream>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace ninjaone_bench {
namespace {

struct Captured {
  int exit_code = -1;
  std::string out;
};

// Runs argv (found on PATH) and returns its standard output.
Captured run_capture(const std::vector<std::string>& argv) {
  Captured result;
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return result;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  std::vector<char*> raw;
  for (const auto& arg : argv) raw.push_back(const_cast<char*>(arg.c_str()));
  raw.push_back(nullptr);
  pid_t pid = -1;
  const int spawned = posix_spawnp(&pid, raw[0], &actions, nullptr, raw.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (spawned == 0) {
    char buffer[65536];
    for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) > 0;) {
      result.out.append(buffer, static_cast<std::size_t>(n));
    }
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  close(pipe_fds[0]);
  return result;
}

}  // namespace

FloorFigures curl_floor(const FloorRequest& request) {
  FloorFigures figures;
  const auto start = std::chrono::steady_clock::now();

  const Captured token = run_capture(
      {"curl", "-sS", "--fail", "--cacert", request.ca_file, "--data-urlencode",
       "grant_type=client_credentials", "--data-urlencode", "client_id=" + request.client_id,
       "--data-urlencode", "client_secret=" + request.client_secret, "--data-urlencode",
       "scope=" + request.scope, request.base_url + "/ws/oauth/token"});
  if (token.exit_code != 0) {
    figures.failure = "curl could not get a token";
    return figures;
  }
  const std::string access_token(boost::json::parse(token.out).at("access_token").as_string());

  std::vector<std::string> argv{"curl",
                                "-sS",
                                "--fail",
                                "--cacert",
                                request.ca_file,
                                "-H",
                                "Authorization: Bearer " + access_token,
                                "-w",
                                "%{size_download} %{num_connects}\\n"};
  for (const std::string& target : request.targets) {
    argv.insert(argv.end(), {"-o", "/dev/null", request.base_url + target});
  }
  const Captured pages = run_capture(argv);
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
