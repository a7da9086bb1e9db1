// A small synchronous HTTP/1.1 client for the simulator tests: one keep-alive
// connection (plain or TLS), reconnecting after the server closed it. Transport
// failures are reported in Response::error rather than thrown, since fault tests
// expect them.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>

#include "support/simulator.hpp"

namespace sim_test {

// How these tests start the simulator (test_support::Simulator): plain HTTP, as
// HttpClient speaks without a CA, and no request log; a test adds its own flags.
inline constexpr test_support::SimulatorOptions kPlain{.tls = false, .request_log = false};

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

struct Response {
  beast::error_code error;  // set when no complete response arrived
  unsigned status = 0;
  http::fields headers;
  std::string body;
  bool chunked = false;

  boost::json::value json() const { return boost::json::parse(body); }
};

class HttpClient {
 public:
  // `ca_file` non-empty: speak TLS and verify the server against that CA.
  explicit HttpClient(unsigned short port, std::string ca_file = {})
      : port_(port), ca_file_(std::move(ca_file)) {}

  std::string bearer;     // sent as "Authorization: Bearer ..." when not empty
  unsigned version = 11;  // HTTP/1.1; 10 for HTTP/1.0

  Response get(const std::string& target) { return send(http::verb::get, target); }
  Response post_json(const std::string& target, const std::string& body) {
    return send(http::verb::post, target, body, "application/json");
  }
  Response patch_json(const std::string& target, const std::string& body) {
    return send(http::verb::patch, target, body, "application/json");
  }
  Response del(const std::string& target) { return send(http::verb::delete_, target); }
  Response post_form(const std::string& target, const std::string& body) {
    return send(http::verb::post, target, body, "application/x-www-form-urlencoded");
  }

  Response send(http::verb method, const std::string& target, const std::string& body = {},
                const std::string& content_type = {}) {
    http::request<http::string_body> req{method, target, version};
    req.set(http::field::host, "127.0.0.1");
    if (!bearer.empty()) req.set(http::field::authorization, "Bearer " + bearer);
    if (!content_type.empty()) req.set(http::field::content_type, content_type);
    if (!body.empty() || method == http::verb::post || method == http::verb::patch) {
      req.body() = body;
      req.prepare_payload();
    }
    Response out;
    if (!connected_ && (out.error = connect())) return out;
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(256 * 1024 * 1024);
    if (tls_) {
      beast::get_lowest_layer(*tls_).expires_after(std::chrono::seconds(20));
      http::write(*tls_, req, out.error);
      if (!out.error) http::read(*tls_, buffer, parser, out.error);
    } else {
      plain_->expires_after(std::chrono::seconds(20));
      http::write(*plain_, req, out.error);
      if (!out.error) http::read(*plain_, buffer, parser, out.error);
    }
    if (out.error) {
      connected_ = false;
      return out;
    }
    auto res = parser.release();
    out.status = res.result_int();
    out.chunked = res.chunked();
    out.body = std::move(res.body());
    out.headers = std::move(res.base());
    if (!res.keep_alive()) connected_ = false;
    return out;
  }

  // The access token of a client_credentials grant for `scope`; stored as `bearer`.
  std::string login(const std::string& scope = "monitoring management control") {
    auto r = post_form("/ws/oauth/token",
                       "grant_type=client_credentials&client_id=sim-client&client_secret=sim-"
                       "secret&scope=" +
                           scope);
    if (r.status != 200) throw std::runtime_error("login failed: " + r.body);
    bearer = std::string(r.json().at("access_token").as_string());
    return bearer;
  }

 private:
  beast::error_code connect() {
    beast::error_code ec;
    net::ip::tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port_);
    if (ca_file_.empty()) {
      plain_ = std::make_unique<beast::tcp_stream>(ioc_);
      plain_->expires_after(std::chrono::seconds(10));
      plain_->connect(endpoint, ec);
    } else {
      ssl_ctx_ = std::make_unique<net::ssl::context>(net::ssl::context::tls_client);
      ssl_ctx_->load_verify_file(ca_file_);
      ssl_ctx_->set_verify_mode(net::ssl::verify_peer);
      tls_ = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ioc_, *ssl_ctx_);
      tls_->set_verify_callback(net::ssl::host_name_verification("127.0.0.1"));
      beast::get_lowest_layer(*tls_).expires_after(std::chrono::seconds(10));
      beast::get_lowest_layer(*tls_).connect(endpoint, ec);
      if (!ec) tls_->handshake(net::ssl::stream_base::client, ec);
    }
    connected_ = !ec;
    return ec;
  }

  net::io_context ioc_;
  unsigned short port_;
  std::string ca_file_;
  bool connected_ = false;
  std::unique_ptr<beast::tcp_stream> plain_;
  std::unique_ptr<net::ssl::context> ssl_ctx_;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls_;
};

}  // namespace sim_test
