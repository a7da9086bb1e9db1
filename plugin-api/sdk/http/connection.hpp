// One HTTP/1.1 connection to one endpoint, plain or TLS, direct or through an HTTP
// proxy (a CONNECT tunnel for TLS, so TLS runs end to end with the endpoint; the
// proxy itself for plain HTTP, with absolute-form requests), in the shape of Boost.Beast's
// client examples: the object alone owns its stream, read buffer and response parser,
// and each step of an exchange is one member function. Each step runs an
// asynchronous Beast operation on the connection's own io_context until it
// completes, so the timeout set on the lowest layer before it really bounds it.
//
// Not thread-safe: a connection serves one request at a time (the pool hands it to
// one thread at a time). A connection that failed is not reused.
#pragma once

#include <connector/sdk/http/endpoint.hpp>
#include <connector/sdk/http/proxy.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <variant>

namespace connector::sdk::http {

class Connection {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using ResponseHeader = boost::beast::http::response_header<>;

  // `tls_context` is used when the endpoint is https. Sets SNI and host name
  // verification (both for the endpoint, never the proxy) on the new TLS stream;
  // throws TransportError if it cannot. `proxy` null: direct.
  Connection(const Endpoint& endpoint, std::shared_ptr<boost::asio::ssl::context> tls_context,
             std::shared_ptr<const ProxyServer> proxy);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool is_open() const noexcept { return open_; }

  // Resolves, connects (to the proxy, if any), opens the CONNECT tunnel (https through
  // a proxy) and does the TLS handshake (https), all within `timeout`. Throws
  // TransportError; a proxy's 407 is permanent.
  void connect(std::chrono::milliseconds timeout);

  // Sends the whole request. Throws TransportError (request_sent() false).
  void write(const Request& request, std::chrono::milliseconds timeout);

  // Reads the status line and headers of the response. Throws TransportError
  // (request_sent() true).
  const ResponseHeader& read_header(std::chrono::milliseconds timeout);

  // Reads up to `size` bytes of body into `out`; returns how many, 0 once the body is
  // complete. `timeout` bounds this one read (an idle timeout, not a total one).
  std::size_t read_body(char* out, std::size_t size, std::chrono::milliseconds timeout);

  bool body_complete() const noexcept { return parser_ && parser_->is_done(); }

  // True when the connection can carry another request: the last response was read
  // to its end and both sides agreed to keep the connection alive.
  bool reusable() const noexcept;

  // True when an idle connection already has something to read: the server closed it
  // (or sent a TLS close_notify) while it sat in the pool. Such a connection must not
  // carry a request, since a write on it would look sent and then fail.
  bool closed_by_peer();

  void close() noexcept;

  // Shuts the socket down so that a read in progress on another thread fails at once,
  // and so does any later operation: the connection is done for. Touches only the
  // kernel's socket, never the Asio objects the other thread is using.
  // [thread-safe]
  void abort() noexcept;

 private:
  using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

  boost::beast::tcp_stream& tcp() noexcept;
  // Connects the TCP stream to `to`, called `what` in messages (eg: "the proxy
  // http://proxy:3128" or "127.0.0.1:8443").
  void resolve_and_connect(const Endpoint& to, const std::string& what,
                           std::chrono::milliseconds timeout);
  // Asks the proxy to CONNECT to the endpoint and reads its answer.
  void open_tunnel(std::chrono::milliseconds timeout);
  void handshake(std::chrono::milliseconds timeout);
  // Runs the asynchronous operation `start` launches until it completes and returns
  // its error code.
  template <class Start>
  boost::system::error_code run(Start&& start);
  // Calls `operation` with the stream in use (TLS or plain TCP).
  template <class Operation>
  boost::system::error_code with_stream(Operation&& operation);

  Endpoint endpoint_;
  std::shared_ptr<boost::asio::ssl::context> tls_context_;
  std::shared_ptr<const ProxyServer> proxy_;  // null: direct
  boost::asio::io_context io_;
  // monostate only until the constructor picked the kind of stream.
  std::variant<std::monostate, boost::beast::tcp_stream, TlsStream> stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::response_parser<boost::beast::http::buffer_body>> parser_;
  bool open_ = false;
};

}  // namespace connector::sdk::http
