// Live progress shows on a terminal and stays off a pipe.
#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <string>

#include "sync/terminal_progress.hpp"

namespace service = connector::host::service;
using namespace std::chrono_literals;

namespace {

service::SyncProgress progress_of(std::int64_t resources, std::int64_t grants) {
  service::SyncProgress progress;
  progress.connector = "prod";
  progress.phase = "grants";
  progress.received.resources = resources;
  progress.received.grants = grants;
  progress.elapsed = 2s;
  return progress;
}

std::string drain(int fd) {
  std::string text;
  char buffer[512];
  for (ssize_t read = 0; (read = ::read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, read);
  return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(terminal_progress)

BOOST_AUTO_TEST_CASE(draws_counts_and_rate_on_a_terminal) {
  int terminal = -1, program_side = -1;
  BOOST_REQUIRE(::openpty(&terminal, &program_side, nullptr, nullptr, nullptr) == 0);
  ::fcntl(terminal, F_SETFL, O_NONBLOCK);
  std::FILE* out = ::fdopen(program_side, "w");
  {
    service::TerminalProgress progress(out);
    BOOST_TEST(progress.enabled());
    progress.update(progress_of(100, 300));
    std::fflush(out);
    const std::string line = drain(terminal);
    BOOST_TEST(
        line.find("prod: grants - 100 resources, 0 entitlements, 300 grants (200 items/s)") !=
        std::string::npos);
    BOOST_TEST(line.find("\r\033[K") == 0u);  // redrawn in place
  }                                           // finish() clears the line
  std::fflush(out);
  BOOST_TEST(drain(terminal) == "\r\033[K");
  std::fclose(out);
  ::close(terminal);
}

BOOST_AUTO_TEST_CASE(stays_silent_on_a_pipe) {
  int ends[2];
  BOOST_REQUIRE(::pipe(ends) == 0);
  ::fcntl(ends[0], F_SETFL, O_NONBLOCK);
  std::FILE* out = ::fdopen(ends[1], "w");
  {
    service::TerminalProgress progress(out);
    BOOST_TEST(!progress.enabled());
    progress.update(progress_of(100, 300));
  }
  std::fclose(out);
  BOOST_TEST(drain(ends[0]).empty());
  ::close(ends[0]);
}

BOOST_AUTO_TEST_SUITE_END()
