// The service's HTTP server under a flood of idle connections (docs/security.md):
// it keeps answering /healthz and does not spin, whether the flood meets its
// connection cap (connector-host under `ulimit -n 256`, 400 connections) or runs
// the process out of descriptors (a server in a child process whose descriptors
// are all taken, so that accept fails with EMFILE).
//
// Nothing here times the server: CPU and runnable time over the flood (from /proc,
// see support/process_usage.hpp) must be a small part of the wall time, which a
// server retrying accept at once (the bug) cannot meet, loaded machine or not.
#define BOOST_TEST_MODULE service_security_tests
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "service/http_server.hpp"
#include "support/child_process.hpp"
#include "support/environment.hpp"
#include "support/process_usage.hpp"
#include "support/temp_dir.hpp"

namespace service = connector::host::service;
using namespace std::chrono_literals;

namespace {

// An open TCP connection to 127.0.0.1:`port` that sends nothing; closed on scope exit.
class IdleConnection {
 public:
  explicit IdleConnection(unsigned short port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    if (fd_ < 0) throw std::runtime_error("socket failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
      throw std::runtime_error("connect failed: " + std::string(std::strerror(errno)));
  }
  ~IdleConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  IdleConnection(IdleConnection&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  IdleConnection(const IdleConnection&) = delete;
  IdleConnection& operator=(const IdleConnection&) = delete;

  // True once the server has closed its end (EOF or reset).
  bool closed_by_server() const {
    char byte = 0;
    const ssize_t got = ::recv(fd_, &byte, 1, MSG_DONTWAIT | MSG_PEEK);
    return got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
  }

 private:
  int fd_;
};

// GET /healthz with every step bounded by `limit` (SO_RCVTIMEO/SO_SNDTIMEO): the
// status code, or nullopt when the server did not answer in time.
std::optional<unsigned> healthz_status(unsigned short port, std::chrono::seconds limit) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return std::nullopt;
  const timeval timeout{static_cast<time_t>(limit.count()), 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string answer;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
    const std::string request =
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
        static_cast<ssize_t>(request.size())) {
      char buffer[1024];
      ssize_t got = 0;
      while ((got = ::recv(fd, buffer, sizeof buffer, 0)) > 0)
        answer.append(buffer, static_cast<std::size_t>(got));
    }
  }
  ::close(fd);
  // "HTTP/1.1 200 OK"
  if (answer.size() < 12 || answer.compare(0, 5, "HTTP/") != 0) return std::nullopt;
  return static_cast<unsigned>(std::stoul(answer.substr(9, 3)));
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

// What `pid` cost from `start` to now, as parts of the wall time.
struct Share {
  double cpu = 0;
  double runnable = 0;
};
Share share_since(pid_t pid, const service_tests::ProcessUsage& start,
                  std::chrono::steady_clock::time_point started) {
  const auto now = service_tests::process_usage(pid);
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return {(now.cpu_seconds - start.cpu_seconds) / wall,
          (now.runnable_seconds - start.runnable_seconds) / wall};
}

// A spinning accept loop is runnable all the time (share 1); an idle server sleeps.
constexpr double max_cpu_share = 0.25;
constexpr double max_runnable_share = 0.5;

}  // namespace

BOOST_AUTO_TEST_SUITE(connection_flood)

BOOST_AUTO_TEST_CASE(the_service_answers_healthz_under_400_idle_connections) {
  test_support::TempDir root;
  std::filesystem::create_directories(root / "manifests");
  const auto port_file = root / "port";
  // The descriptors limit is lowered in the service's own process, before it starts.
  test_support::ChildProcess host(
      {"/bin/sh", "-c", "ulimit -n 256 && exec \"$0\" \"$@\"",
       test_support::required_env("CONNECTOR_HOST"), "--plugins",
       test_support::required_env("CONNECTOR_TEST_PLUGIN_DIR"), "--manifests",
       (root / "manifests").string(), "--state", (root / "state").string(), "run", "--listen",
       "127.0.0.1:0", "--port-file", port_file.string()},
      {.environment = {{"CONNECTOR_HOST_STATE", ""}}});
  BOOST_TEST_REQUIRE(
      eventually([&] { return std::filesystem::exists(port_file) || !host.running(); }, 20s),
      host.err());
  BOOST_TEST_REQUIRE(std::filesystem::exists(port_file), host.err());
  unsigned short port = 0;
  std::ifstream(port_file) >> port;
  BOOST_TEST_REQUIRE(healthz_status(port, 5s).value_or(0) == 200u);

  const auto usage_before = service_tests::process_usage(host.pid());
  const auto started = std::chrono::steady_clock::now();
  std::vector<IdleConnection> flood;
  for (int i = 0; i < 400; ++i) flood.emplace_back(port);
  std::this_thread::sleep_for(2s);  // a server spinning on accept would burn this
  const auto status = healthz_status(port, 5s);
  const Share share = share_since(host.pid(), usage_before, started);
  BOOST_TEST_MESSAGE("connector-host under 400 idle connections: CPU "
                     << share.cpu << " and runnable " << share.runnable << " of the wall time");

  BOOST_TEST(status.value_or(0) == 200u, "/healthz did not answer under the flood");
  BOOST_TEST(share.cpu < max_cpu_share, "CPU share " << share.cpu);
  BOOST_TEST(share.runnable < max_runnable_share, "runnable share " << share.runnable);
  // The cap (64, a quarter of 256 descriptors) closed the connections idle longest.
  std::size_t closed = 0;
  for (const auto& connection : flood) closed += connection.closed_by_server() ? 1 : 0;
  BOOST_TEST(closed >= 400u - 64u, closed << " of 400 idle connections closed");
  BOOST_TEST(host.running());
}

// A server whose process has no descriptor left: accept fails with EMFILE until a
// session is closed. It must close the session idle longest, wait, and carry on.
BOOST_AUTO_TEST_CASE(a_failed_accept_backs_off_and_frees_a_descriptor) {
  int to_parent[2];
  BOOST_TEST_REQUIRE(::pipe(to_parent) == 0);
  const pid_t server_pid = ::fork();
  BOOST_TEST_REQUIRE(server_pid >= 0);
  if (server_pid == 0) {  // the server (the test process has no other thread to fork with)
    ::close(to_parent[0]);
    const int null_fd = ::open("/dev/null", O_RDONLY);
    const rlimit limit{64, 64};
    ::setrlimit(RLIMIT_NOFILE, &limit);
    boost::asio::io_context io;
    service::HttpServerOptions options;
    options.idle_timeout = std::chrono::seconds(60);  // nothing closes by timeout here
    options.max_sessions = 1000;                      // the descriptors are the limit
    service::HttpServer server(
        io, service::parse_listen_address("127.0.0.1:0"),
        [](std::string_view, std::string_view) {
          return service::HttpResponse{200, "text/plain", "ok\n"};
        },
        options);
    server.start();
    const unsigned short port = server.local_endpoint().port();
    if (::write(to_parent[1], &port, sizeof port) != sizeof port) ::_exit(2);
    // Once 10 connections are open, take every descriptor left and tell the parent.
    boost::asio::steady_timer poll(io);
    std::function<void()> check = [&] {
      if (server.open_sessions() >= 10) {
        while (::dup(null_fd) >= 0) {
        }
        const char exhausted = 'x';
        if (::write(to_parent[1], &exhausted, 1) != 1) ::_exit(3);
        return;
      }
      poll.expires_after(std::chrono::milliseconds(20));
      poll.async_wait([&](const boost::system::error_code&) { check(); });
    };
    check();
    io.run();
    ::_exit(0);
  }
  ::close(to_parent[1]);
  struct Reaper {  // the server never outlives the test
    pid_t pid;
    ~Reaper() {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  } reaper{server_pid};

  unsigned short port = 0;
  BOOST_TEST_REQUIRE(::read(to_parent[0], &port, sizeof port) == static_cast<ssize_t>(sizeof port));
  std::vector<IdleConnection> flood;
  for (int i = 0; i < 10; ++i) flood.emplace_back(port);
  char exhausted = 0;
  BOOST_TEST_REQUIRE(::read(to_parent[0], &exhausted, 1) == 1);  // every descriptor is taken

  const auto usage_before = service_tests::process_usage(server_pid);
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 50; ++i) flood.emplace_back(port);
  std::this_thread::sleep_for(2s);
  const auto status = healthz_status(port, 5s);
  const Share share = share_since(server_pid, usage_before, started);
  BOOST_TEST_MESSAGE("server out of descriptors: CPU " << share.cpu << " and runnable "
                                                       << share.runnable << " of the wall time");

  BOOST_TEST(status.value_or(0) == 200u, "/healthz did not answer");
  BOOST_TEST(share.cpu < max_cpu_share, "CPU share " << share.cpu);
  BOOST_TEST(share.runnable < max_runnable_share, "runnable share " << share.runnable);
  std::size_t closed = 0;
  for (const auto& connection : flood) closed += connection.closed_by_server() ? 1 : 0;
  BOOST_TEST(closed >= 2u, closed << " idle connections closed to free descriptors");
  ::close(to_parent[0]);
}

BOOST_AUTO_TEST_SUITE_END()
