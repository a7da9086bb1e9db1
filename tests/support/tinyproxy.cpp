#include "tinyproxy.hpp"

#include <signal.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace test_support {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

std::string binary() {
  const char* path = std::getenv("TINYPROXY");
  return path != nullptr && *path != '\0' ? path : "tinyproxy";
}

// A port nothing listens on right now: the kernel's pick for a socket bound to 0.
unsigned short free_port() {
  net::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

}  // namespace

Tinyproxy::Tinyproxy(TinyproxyOptions options) {
  // Another process may take the port between free_port() and tinyproxy's bind:
  // then tinyproxy exits, and a new port is tried.
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = free_port();
    std::filesystem::remove(dir_ / "tinyproxy.log");  // a failed attempt's
    std::ostringstream config;
    config << "Port " << port_ << "\n"
           << "Listen 127.0.0.1\n"
           << "Timeout 60\n"
           << "LogFile \"" << (dir_ / "tinyproxy.log").string() << "\"\n"
           << "LogLevel Info\n"
           << "MaxClients 64\n"
           << "Allow 127.0.0.1\n"
           << "DisableViaHeader Yes\n";
    // No ConnectPort line: CONNECT is allowed to every port (the simulator's is random).
    if (options.user) config << "BasicAuth " << *options.user << " " << *options.password << "\n";
    const auto file = dir_.write("tinyproxy.conf", config.str());
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{binary(), "-d", "-c", file.string()});
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    // Its log says when it listens; connecting to find out would count as a client.
    while (std::chrono::steady_clock::now() < give_up && process_->running()) {
      if (log().find("Starting main loop. Accepting connections.") != std::string::npos) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (process_->running()) break;  // running but not listening: do not try again
  }
  const std::string why = process_ ? process_->err() + process_->out() : std::string();
  throw std::runtime_error("tinyproxy did not start listening: " + why);
}

Tinyproxy::~Tinyproxy() { stop(); }

std::string Tinyproxy::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::string Tinyproxy::log() const {
  std::ifstream in(dir_ / "tinyproxy.log");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> Tinyproxy::requests() const {
  std::vector<std::string> lines;
  std::istringstream in(log());
  static constexpr std::string_view marker = "]: Request (file descriptor ";
  for (std::string line; std::getline(in, line);) {
    const std::size_t at = line.find(marker);
    if (at == std::string::npos) continue;
    const std::size_t colon = line.find("): ", at + marker.size());
    if (colon != std::string::npos) lines.push_back(line.substr(colon + 3));
  }
  return lines;
}

std::size_t Tinyproxy::connections() const {
  std::size_t count = 0;
  std::istringstream in(log());
  for (std::string line; std::getline(in, line);) {
    if (line.find("]: Connect (file descriptor ") != std::string::npos) ++count;
  }
  return count;
}

void Tinyproxy::stop() {
  if (!process_ || !process_->running()) return;
  process_->send_signal(SIGTERM);
  process_->wait(std::chrono::seconds(5));
}

}  // namespace test_support
