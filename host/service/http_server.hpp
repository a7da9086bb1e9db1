// A small HTTP/1.1 server for the service endpoints (/healthz, /readyz, /metrics),
// after Boost.Beast's advanced-server example: one session object per connection,
// owning its stream and buffer; an explicit timeout before every read and write.
//
// Runs on the I/O context it is given; the handler is called on that thread, so it
// must be quick (it renders text; it never calls a plugin).
//
// Made to keep answering /healthz when a client (or many) holds connections open:
// - at most `max_sessions` connections are open; at the cap the one idle longest
//   (waiting for a request) is closed to make room, and a new connection is closed
//   at once when none is idle;
// - a connection that starts no request within `idle_timeout` is closed;
// - a failed accept (eg: EMFILE, the descriptors ran out) closes the connection idle
//   longest, lowers the cap below the number open, and waits before accepting again
//   (`accept_backoff`, doubling up to `accept_backoff_max`), instead of retrying at
//   once and spinning on a listening socket that stays readable.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace connector::host::service {

struct HttpResponse {
  unsigned status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

// Gets the request's method (eg: "GET") and target (eg: "/metrics?x=1").
using HttpHandler = std::function<HttpResponse(std::string_view method, std::string_view target)>;

struct HttpServerOptions {
  std::chrono::seconds idle_timeout{10};   // the wait for a request's first byte
  std::chrono::seconds read_timeout{10};   // a whole request, headers and body
  std::chrono::seconds write_timeout{10};  // a whole response
  // Open connections at most; lowered to a quarter of the soft RLIMIT_NOFILE so that
  // they never take the descriptors the rest of the service needs.
  std::size_t max_sessions = 64;
  std::chrono::milliseconds accept_backoff{100};       // after a failed accept
  std::chrono::milliseconds accept_backoff_max{3200};  // after several in a row
};

class HttpServer {
 public:
  // Binds and listens at once (so the caller learns the port and any error before
  // going on); throws boost::system::system_error when it cannot.
  HttpServer(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
             HttpHandler handler, HttpServerOptions options = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound address; its port is the real one when 0 was asked for.
  boost::asio::ip::tcp::endpoint local_endpoint() const;

  // Connections open now (those closed to make room no longer count). [thread-safe]
  std::size_t open_sessions() const;

  // Starts accepting connections (they are served while the I/O context runs).
  void start();
  // Stops accepting; sessions in progress end on their own (or by timeout).
  void stop();

 private:
  class Listener;
  std::shared_ptr<Listener> listener_;
};

// Parses "127.0.0.1:9464" or "[::1]:9464" (a numeric address and a port, 0 allowed).
// Throws std::invalid_argument naming what is wrong.
boost::asio::ip::tcp::endpoint parse_listen_address(std::string_view text);

}  // namespace connector::host::service
