// A small HTTP/1.1 server for the service endpoints (/healthz, /readyz, /metrics),
// after Boost.Beast's advanced-server example: one session object per connection,
// owning its stream and buffer; an explicit timeout before every read and write.
//
// Runs on the I/O context it is given; the handler is called on that thread, so it
// must be quick (it renders text; it never calls a plugin).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
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
  std::chrono::seconds read_timeout{10};   // a whole request, headers and body
  std::chrono::seconds write_timeout{10};  // a whole response
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
