#include "service/http_server.hpp"

#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <charconv>
#include <stdexcept>
#include <utility>

namespace connector::host::service {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Requests to these endpoints have no body worth reading.
constexpr std::uint64_t max_request_body = 8 * 1024;

// One connection: read a request, answer it, repeat while the client keeps it alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<const HttpHandler> handler, HttpServerOptions options)
      : stream_(std::move(socket)), handler_(std::move(handler)), options_(options) {}

  void start() { read(); }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(max_request_body);
    stream_.expires_after(options_.read_timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream) return close();
    if (ec) return;  // timeout, reset, malformed request: drop the connection
    const auto& request = parser_->get();
    HttpResponse answer;
    try {
      answer = (*handler_)(std::string_view(request.method_string()),
                           std::string_view(request.target()));
    } catch (const std::exception& e) {
      answer = {500, "text/plain; charset=utf-8",
                std::string("internal error: ") + e.what() + "\n"};
    }
    response_ = {};
    response_.version(request.version());
    response_.result(answer.status);
    response_.set(http::field::server, "connector-host");
    response_.set(http::field::content_type, answer.content_type);
    response_.keep_alive(request.keep_alive());
    const bool head = request.method() == http::verb::head;
    response_.body() = head ? std::string() : std::move(answer.body);
    response_.prepare_payload();
    if (head) response_.content_length(answer.body.size());
    write();
  }

  void write() {
    stream_.expires_after(options_.write_timeout);
    http::async_write(
        stream_, response_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    if (ec) return;
    if (!response_.keep_alive()) return close();
    read();
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  std::shared_ptr<const HttpHandler> handler_;  // shared: a session may outlive the server
  HttpServerOptions options_;
};

}  // namespace

// Accepts connections and starts a session for each. Shared, so that a pending
// accept keeps it alive after the server object is gone.
class HttpServer::Listener : public std::enable_shared_from_this<HttpServer::Listener> {
 public:
  Listener(asio::io_context& io, const tcp::endpoint& endpoint, HttpHandler handler,
           HttpServerOptions options)
      : io_(io),
        acceptor_(io),
        handler_(std::make_shared<const HttpHandler>(std::move(handler))),
        options_(options) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }

  tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

  void accept() {
    acceptor_.async_accept(asio::make_strand(io_), [self = shared_from_this()](beast::error_code ec,
                                                                               tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !self->acceptor_.is_open()) return;
      // A failed accept (eg: too many open files) must not end the server.
      if (!ec)
        std::make_shared<Session>(std::move(socket), self->handler_, self->options_)->start();
      self->accept();
    });
  }

  void close() {
    beast::error_code ignored;
    acceptor_.close(ignored);
  }

 private:
  asio::io_context& io_;
  tcp::acceptor acceptor_;
  std::shared_ptr<const HttpHandler> handler_;
  HttpServerOptions options_;
};

HttpServer::HttpServer(asio::io_context& io, const tcp::endpoint& endpoint, HttpHandler handler,
                       HttpServerOptions options)
    : listener_(std::make_shared<Listener>(io, endpoint, std::move(handler), options)) {}

HttpServer::~HttpServer() { stop(); }

tcp::endpoint HttpServer::local_endpoint() const { return listener_->local_endpoint(); }

void HttpServer::start() { listener_->accept(); }

void HttpServer::stop() { listener_->close(); }

tcp::endpoint parse_listen_address(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos)
    throw std::invalid_argument("'" + std::string(text) + "' is not ADDRESS:PORT");
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535)
    throw std::invalid_argument("'" + std::string(port_text) + "' is not a port number");
  boost::system::error_code address_error;
  const auto address = asio::ip::make_address(std::string(host), address_error);
  if (address_error)
    throw std::invalid_argument("'" + std::string(host) + "' is not a numeric IP address");
  return {address, static_cast<unsigned short>(port)};
}

}  // namespace connector::host::service
