#include "support/fixed_reply_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "support/environment.hpp"

namespace ninjaone_test {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

struct FixedReplyServer::State {
  asio::io_context io;
  asio::ssl::context tls{asio::ssl::context::tls_server};
  tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
};

FixedReplyServer::FixedReplyServer(unsigned status, std::string json_body)
    : state_(std::make_unique<State>()), status_(status), body_(std::move(json_body)) {
  const std::string tls = test_support::required_env("TEST_TLS_DIR");
  state_->tls.use_certificate_chain_file(tls + "/server.pem");
  state_->tls.use_private_key_file(tls + "/server.key", asio::ssl::context::pem);
  thread_ = std::thread([this] { serve(); });
}

FixedReplyServer::~FixedReplyServer() {
  stopping_ = true;
  // Wake the blocking accept with one last connection.
  boost::system::error_code ignored;
  tcp::socket waker(state_->io);
  waker.connect(state_->acceptor.local_endpoint(), ignored);
  thread_.join();
}

std::string FixedReplyServer::base_url() const {
  return "https://127.0.0.1:" + std::to_string(state_->acceptor.local_endpoint().port());
}

void FixedReplyServer::serve() {
  while (!stopping_) {
    boost::system::error_code ec;
    tcp::socket socket(state_->io);
    state_->acceptor.accept(socket, ec);
    if (ec || stopping_) continue;
    asio::ssl::stream<tcp::socket> stream(std::move(socket), state_->tls);
    stream.handshake(asio::ssl::stream_base::server, ec);
    if (ec) continue;  // eg: the client refused our certificate
    boost::beast::flat_buffer buffer;
    http::request<http::string_body> request;
    http::read(stream, buffer, request, ec);
    if (ec) continue;
    ++requests_;
    http::response<http::string_body> response{static_cast<http::status>(status_), 11};
    response.set(http::field::content_type, "application/json");
    response.keep_alive(false);
    response.body() = body_;
    response.prepare_payload();
    http::write(stream, response, ec);
    stream.shutdown(ec);
  }
}

}  // namespace ninjaone_test
