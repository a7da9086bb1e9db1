#include "server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/ssl.hpp>
#include <iostream>

#include "session.hpp"

namespace ninjaone_sim {
namespace {

using tcp = net::ip::tcp;

// Closes with a TCP RST so the client sees "connection reset", not a clean EOF.
void hard_close(beast::tcp_stream& stream) {
  beast::error_code ec;
  stream.socket().set_option(net::socket_base::linger(true, 0), ec);
  stream.socket().close(ec);
}

class PlainSession : public HttpSession<PlainSession>,
                     public std::enable_shared_from_this<PlainSession> {
 public:
  PlainSession(tcp::socket&& socket, ServerContext& context)
      : HttpSession(context, {}, socket.get_executor()), stream_(std::move(socket)) {}

  void run() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read(); });
  }
  beast::tcp_stream& stream() { return stream_; }
  void do_eof() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }
  void abort() { hard_close(stream_); }

 private:
  beast::tcp_stream stream_;
};

class TlsSession : public HttpSession<TlsSession>, public std::enable_shared_from_this<TlsSession> {
 public:
  TlsSession(tcp::socket&& socket, ServerContext& context)
      : HttpSession(context, {}, socket.get_executor()),
        stream_(std::move(socket), *context.config.tls) {}

  void run() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      beast::get_lowest_layer(self->stream_).expires_after(std::chrono::seconds(30));
      self->stream_.async_handshake(net::ssl::stream_base::server, [self](beast::error_code ec) {
        if (!ec) self->do_read();
      });
    });
  }
  beast::ssl_stream<beast::tcp_stream>& stream() { return stream_; }
  void do_eof() {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(30));
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) {});
  }
  void abort() { hard_close(beast::get_lowest_layer(stream_)); }

 private:
  beast::ssl_stream<beast::tcp_stream> stream_;
};

}  // namespace

class Server::Listener : public std::enable_shared_from_this<Server::Listener> {
 public:
  Listener(net::io_context& ioc, ServerContext& context)
      : ioc_(ioc), context_(context), acceptor_(net::make_strand(ioc)) {
    const auto& endpoint = context.config.endpoint;
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }

  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
                             self->on_accept(ec, std::move(socket));
                           });
  }
  void stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
    });
  }

 private:
  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted) return;
    if (ec) {
      std::cerr << "ninjaone-sim: accept failed: " << ec.message() << '\n';
    } else {
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      if (context_.config.tls) {
        std::make_shared<TlsSession>(std::move(socket), context_)->run();
      } else {
        std::make_shared<PlainSession>(std::move(socket), context_)->run();
      }
    }
    accept();
  }

  net::io_context& ioc_;
  ServerContext& context_;
  tcp::acceptor acceptor_;
};

Server::Server(net::io_context& ioc, ServerContext& context)
    : listener_(std::make_shared<Listener>(ioc, context)) {}

Server::~Server() { listener_->stop(); }

unsigned short Server::port() const { return listener_->port(); }

void Server::start() { listener_->accept(); }

}  // namespace ninjaone_sim
