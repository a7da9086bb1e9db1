#include "http/connection.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <poll.h>

#include "http/transport_error.hpp"

namespace connector::sdk::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace beast_http = beast::http;
using Stage = TransportError::Stage;

namespace {

// The largest response header accepted; APIs send a few hundred bytes to a few KiB.
constexpr std::uint32_t kHeaderLimit = 64 * 1024;
// Beast reads from the stream into the flat buffer at most as much as it has room
// for, starting at 512 bytes, and the buffer never grows because the parser drains
// it: without room set aside, a large body arrives 512 bytes per system call.
constexpr std::size_t kReadBuffer = 64 * 1024;

bool is_ip_address(const std::string& host) {
  boost::system::error_code ec;
  net::ip::make_address(host, ec);
  return !ec;
}

}  // namespace

Connection::Connection(const Endpoint& endpoint, std::shared_ptr<net::ssl::context> tls_context,
                       std::shared_ptr<const ProxyServer> proxy)
    : endpoint_(endpoint), tls_context_(std::move(tls_context)), proxy_(std::move(proxy)) {
  buffer_.reserve(kReadBuffer);
  if (endpoint_.tls) {
    auto& tls = stream_.emplace<TlsStream>(io_, *tls_context_);
    // SNI carries a host name only; RFC 6066 forbids sending an address.
    if (!is_ip_address(endpoint_.host) &&
        SSL_set_tlsext_host_name(tls.native_handle(), endpoint_.host.c_str()) != 1) {
      throw TransportError(Stage::handshake,
                           "TLS with " + endpoint_.authority + ": cannot set the SNI host name",
                           false, true);
    }
    // The handshake then checks that the certificate names this host (a DNS name or
    // an IP address SAN), besides the chain of trust.
    tls.set_verify_callback(net::ssl::host_name_verification(endpoint_.host));
  } else {
    stream_.emplace<beast::tcp_stream>(io_);
  }
}

Connection::~Connection() { close(); }

beast::tcp_stream& Connection::tcp() noexcept {
  if (auto* tls = std::get_if<TlsStream>(&stream_)) return beast::get_lowest_layer(*tls);
  return std::get<beast::tcp_stream>(stream_);
}

template <class Operation>
boost::system::error_code Connection::with_stream(Operation&& operation) {
  if (auto* tls = std::get_if<TlsStream>(&stream_)) return operation(*tls);
  return operation(std::get<beast::tcp_stream>(stream_));
}

template <class Start>
boost::system::error_code Connection::run(Start&& start) {
  boost::system::error_code result = net::error::would_block;
  start([&result](boost::system::error_code ec, auto&&...) { result = ec; });
  io_.restart();
  io_.run();
  return result;
}

void Connection::connect(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  // What is left of `timeout` for the next step; at least 1 ms, so that a step
  // started late still fails by its own timeout rather than not at all.
  const auto remaining = [&deadline] {
    return std::max(std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now()),
                    std::chrono::milliseconds{1});
  };
  if (proxy_) {
    resolve_and_connect(proxy_->endpoint, "the proxy " + proxy_->name, timeout);
    if (endpoint_.tls) open_tunnel(remaining());
  } else {
    resolve_and_connect(endpoint_, endpoint_.authority, timeout);
  }
  if (endpoint_.tls) handshake(remaining());
  open_ = true;
}

void Connection::resolve_and_connect(const Endpoint& to, const std::string& what,
                                     std::chrono::milliseconds timeout) {
  net::ip::tcp::resolver resolver(io_);
  net::ip::tcp::resolver::results_type endpoints;
  // The resolver has no timeout of its own: bound it with the io_context instead.
  boost::system::error_code ec = net::error::would_block;
  resolver.async_resolve(to.host, to.port,
                         [&](boost::system::error_code e, net::ip::tcp::resolver::results_type r) {
                           ec = e;
                           endpoints = std::move(r);
                         });
  io_.restart();
  const std::string name = proxy_ ? "the proxy " + proxy_->endpoint.host : to.host;
  if (io_.run_for(timeout) == 0 || ec == net::error::would_block) {
    resolver.cancel();
    io_.restart();
    io_.run();
    throw TransportError(Stage::resolve, "resolving " + name + " timed out", false);
  }
  if (ec) {
    throw TransportError(Stage::resolve, "resolving " + name + " failed: " + ec.message(), false);
  }

  tcp().expires_after(timeout);
  ec = run([&](auto handler) { tcp().async_connect(endpoints, std::move(handler)); });
  if (ec) {
    const std::string why = ec == beast::error::timeout ? "timed out" : ec.message();
    throw TransportError(Stage::connect, "connecting to " + what + " failed: " + why, false);
  }
  tcp().socket().set_option(net::ip::tcp::no_delay(true), ec);  // best effort
}

void Connection::open_tunnel(std::chrono::milliseconds timeout) {
  const std::string tunnel = "the proxy " + proxy_->name + " (CONNECT " + endpoint_.authority + ")";
  beast_http::request<beast_http::empty_body> request{beast_http::verb::connect,
                                                      endpoint_.authority, 11};
  request.set(beast_http::field::host, endpoint_.authority);
  if (!proxy_->authorization.empty()) {
    request.set(beast_http::field::proxy_authorization, proxy_->authorization);
  }
  tcp().expires_after(timeout);
  boost::system::error_code ec =
      run([&](auto handler) { beast_http::async_write(tcp(), request, std::move(handler)); });
  if (ec) {
    const std::string why = ec == beast::error::timeout ? "timed out" : ec.message();
    throw TransportError(Stage::proxy, "sending CONNECT to " + tunnel + " failed: " + why, false);
  }

  // The answer to CONNECT has no body when it succeeds (RFC 9110 9.3.6), and the
  // body of a refusal is not wanted: the connection is closed after it.
  beast_http::response_parser<beast_http::empty_body> answer;
  answer.header_limit(kHeaderLimit);
  answer.skip(true);
  beast::flat_buffer buffer;
  ec = run([&](auto handler) {
    beast_http::async_read_header(tcp(), buffer, answer, std::move(handler));
  });
  if (ec) {
    const std::string why = ec == beast::error::timeout ? "timed out" : ec.message();
    throw TransportError(Stage::proxy, "reading the answer of " + tunnel + " failed: " + why,
                         false);
  }
  const unsigned status = answer.get().result_int();
  // A 401 to CONNECT can only be the proxy's own (no tunnel is open yet): tinyproxy
  // answers wrong credentials with it instead of a 407.
  if (status == 407 || status == 401) {
    throw TransportError(Stage::proxy,
                         proxy_authentication_failure(
                             *proxy_, answer.get()[beast_http::field::proxy_authenticate], status),
                         false, true);
  }
  if (status < 200 || status >= 300) {
    // 5xx: the proxy could not reach the endpoint, which may pass; 4xx: it will not
    // (a proxy's access rules forbid the destination, ...).
    throw TransportError(Stage::proxy,
                         tunnel + " refused to open a tunnel: HTTP " + std::to_string(status) +
                             " " + std::string(answer.get().reason()),
                         false, status < 500);
  }
  if (buffer.size() != 0) {
    throw TransportError(Stage::proxy, tunnel + " sent data before the TLS handshake", false);
  }
}

void Connection::handshake(std::chrono::milliseconds timeout) {
  auto& tls = std::get<TlsStream>(stream_);
  tcp().expires_after(timeout);
  const boost::system::error_code ec = run([&](auto handler) {
    tls.async_handshake(net::ssl::stream_base::client, std::move(handler));
  });
  if (!ec) return;

  std::string why = ec == beast::error::timeout ? "timed out" : ec.message();
  const long verify = SSL_get_verify_result(tls.native_handle());
  // The name check refuses the certificate without recording a verify error.
  const bool name_refused = ec.category() == net::error::get_ssl_category() &&
                            ERR_GET_REASON(ec.value()) == SSL_R_CERTIFICATE_VERIFY_FAILED;
  const bool untrusted = verify != X509_V_OK || name_refused;
  if (verify != X509_V_OK) {
    why = std::string("certificate verification failed: ") + X509_verify_cert_error_string(verify);
  } else if (name_refused) {
    why = "certificate verification failed: the certificate is not for " + endpoint_.host;
  }
  throw TransportError(Stage::handshake,
                       "TLS handshake with " + endpoint_.authority + " failed: " + why, false,
                       untrusted);
}

void Connection::write(const Request& request, std::chrono::milliseconds timeout) {
  tcp().expires_after(timeout);
  const boost::system::error_code ec = with_stream([&](auto& stream) {
    return run([&](auto handler) { beast_http::async_write(stream, request, std::move(handler)); });
  });
  if (ec) {
    open_ = false;
    const std::string why = ec == beast::error::timeout ? "timed out" : ec.message();
    throw TransportError(
        Stage::write, "sending the request to " + endpoint_.authority + " failed: " + why, false);
  }
}

const Connection::ResponseHeader& Connection::read_header(std::chrono::milliseconds timeout) {
  parser_.emplace();
  parser_->header_limit(kHeaderLimit);
  // The caller bounds what it keeps; a streamed array may be of any size.
  parser_->body_limit(boost::none);
  tcp().expires_after(timeout);
  const boost::system::error_code ec = with_stream([&](auto& stream) {
    return run([&](auto handler) {
      beast_http::async_read_header(stream, buffer_, *parser_, std::move(handler));
    });
  });
  if (ec) {
    open_ = false;
    const std::string why = ec == beast::error::timeout ? "timed out" : ec.message();
    throw TransportError(
        Stage::read, "reading the response from " + endpoint_.authority + " failed: " + why, true);
  }
  return parser_->get().base();
}

std::size_t Connection::read_body(char* out, std::size_t size, std::chrono::milliseconds timeout) {
  if (parser_->is_done()) return 0;
  auto& body = parser_->get().body();
  body.data = out;
  body.size = size;
  tcp().expires_after(timeout);
  boost::system::error_code ec = with_stream([&](auto& stream) {
    return run([&](auto handler) {
      beast_http::async_read(stream, buffer_, *parser_, std::move(handler));
    });
  });
  if (ec == beast_http::error::need_buffer) ec = {};  // `out` is full: not an error
  if (ec) {
    open_ = false;
    const std::string why = ec == beast::error::timeout ? "timed out" : ec.message();
    throw TransportError(
        Stage::read, "reading the response body from " + endpoint_.authority + " failed: " + why,
        true);
  }
  return size - body.size;
}

bool Connection::reusable() const noexcept {
  return open_ && parser_ && parser_->is_done() && parser_->get().keep_alive();
}

bool Connection::closed_by_peer() {
  if (buffer_.size() != 0) return true;  // bytes nobody asked for: the stream is out of step
  auto& socket = tcp().socket();
  pollfd descriptor{socket.native_handle(), POLLIN, 0};
  return ::poll(&descriptor, 1, 0) != 0;
}

void Connection::close() noexcept {
  // No TLS close_notify exchange: it would wait on the peer, and HTTP/1.1 framing
  // already tells both sides where each message ends.
  boost::system::error_code ignored;
  tcp().socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  tcp().socket().close(ignored);
  open_ = false;
}

void Connection::abort() noexcept {
  // The descriptor stays valid until close(), which runs only once the reading thread
  // was joined; shutdown(2) is safe beside a thread blocked on the same socket.
  ::shutdown(tcp().socket().native_handle(), SHUT_RDWR);
}

}  // namespace connector::sdk::http
