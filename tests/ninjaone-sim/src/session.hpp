// One connection's life: read a request, maybe wait (latency, slow fault), answer or
// fail as the fault plan says, and loop while the client keeps the connection alive.
// Derived (PlainSession, TlsSession) provides stream(), do_eof() and abort().
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>

#include "chunk_source_body.hpp"
#include "fault_replies.hpp"
#include "server.hpp"

namespace ninjaone_sim {

namespace beast = boost::beast;
namespace net = boost::asio;

template <class Derived>
class HttpSession {
 public:
  HttpSession(ServerContext& context, beast::flat_buffer buffer, const net::any_io_executor& ex)
      : context_(context), buffer_(std::move(buffer)), timer_(ex) {}

 protected:
  static constexpr std::chrono::seconds kIdleTimeout{60};
  static constexpr std::chrono::seconds kWriteTimeout{60};
  static constexpr std::size_t kBodyLimit = 8 * 1024 * 1024;

  void do_read() {
    parser_.emplace();
    parser_->body_limit(kBodyLimit);
    beast::get_lowest_layer(derived().stream()).expires_after(kIdleTimeout);
    http::async_read(derived().stream(), buffer_, *parser_,
                     [self = derived().shared_from_this()](beast::error_code ec, std::size_t) {
                       self->on_read(ec);
                     });
  }

 private:
  Derived& derived() { return static_cast<Derived&>(*this); }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream) return derived().do_eof();
    if (ec) return;  // timeout, reset by peer, oversized request: drop the connection
    request_ = parser_->release();
    beast::get_lowest_layer(derived().stream()).expires_never();
    const auto latency = context_.config.latency;
    if (latency.count() > 0 && !request_.target().starts_with("/_sim/")) {
      wait(latency, [](HttpSession& self) { self.process(); });
    } else {
      process();
    }
  }

  template <class Then>
  void wait(std::chrono::milliseconds delay, Then then) {
    timer_.expires_after(delay);
    timer_.async_wait([self = derived().shared_from_this(), then](beast::error_code ec) {
      if (!ec) then(*self);
    });
  }

  void process() {
    auto& services = context_.services;
    ApiRequest api_request;
    std::optional<FaultKind> fault;
    Reply reply;
    try {
      api_request = parse_request(request_);
      fault = services.faults.decide(std::string_view(request_.method_string()), api_request.path);
    } catch (const ApiError& error) {
      reply = app_error_reply(error);
      log(api_request, reply.status, std::nullopt);
      return send(std::move(reply));
    }
    if (fault == FaultKind::reset) {
      log(api_request, 0, fault);  // closed before anything was applied
      return derived().abort();
    }
    // The token this request carries dies with the others, so an API request meets a
    // 401 from the ordinary bearer check, and a token request gets a fresh token.
    if (fault == FaultKind::revoke) services.oauth.revoke_all();
    const auto spec = services.faults.spec();
    reply = fault && replaces_handling(*fault) ? fault_reply(*fault, *spec)
                                               : handle(services, api_request);
    if (fault == FaultKind::reset_after_write) {
      log(api_request, 0, fault);  // applied, but the client never hears of it
      return derived().abort();
    }
    log(api_request, reply.status, fault);
    if (fault == FaultKind::truncated) return send_truncated(std::move(reply));
    if (fault == FaultKind::slow) {
      auto pending = std::make_shared<Reply>(std::move(reply));
      return wait(spec->slow, [pending](HttpSession& self) { self.send(std::move(*pending)); });
    }
    send(std::move(reply));
  }

  void log(const ApiRequest& r, unsigned status, std::optional<FaultKind> fault) {
    RequestRecord record;
    record.method = request_.method_string();
    record.path = r.path.empty() ? std::string_view(request_.target()) : std::string_view(r.path);
    record.query = r.query;
    record.status = status;
    record.body = request_.body();
    record.content_type = request_[http::field::content_type];
    if (fault) record.fault = to_string(*fault);
    context_.services.log.record(record);
  }

  template <class Body>
  void prepare(http::response<Body>& res, const Reply& reply) {
    res.result(reply.status);
    res.version(request_.version());
    res.keep_alive(request_.keep_alive());
    res.set(http::field::server, "ninjaone-sim");
    res.set("x-nj-request-id", random_uuid());
    if (!reply.content_type.empty()) res.set(http::field::content_type, reply.content_type);
    for (const auto& [name, value] : reply.headers) res.set(name, value);
  }

  void send(Reply reply) {
    // HTTP/1.0 has no chunked encoding: render the stream for such a client.
    if (reply.stream && request_.version() < 11) render_stream(reply);
    if (reply.stream) {
      http::response<ChunkSourceBody> res;
      prepare(res, reply);
      res.body() = std::move(reply.stream);
      res.chunked(true);
      return write(std::move(res));
    }
    http::response<http::string_body> res;
    prepare(res, reply);
    res.body() = std::move(reply.body);
    res.prepare_payload();
    write(std::move(res));
  }

  template <class Body>
  void write(http::response<Body>&& res) {
    auto message = std::make_shared<http::response<Body>>(std::move(res));
    response_ = message;
    beast::get_lowest_layer(derived().stream()).expires_after(kWriteTimeout);
    http::async_write(derived().stream(), *message,
                      [self = derived().shared_from_this(), close = message->need_eof()](
                          beast::error_code ec, std::size_t) { self->on_write(close, ec); });
  }

  void on_write(bool close, beast::error_code ec) {
    response_.reset();
    if (ec) return;
    if (close) return derived().do_eof();
    do_read();
  }

  // A Content-Length promising more than is sent, half the body, then the connection
  // closes: what a proxy dying mid-reply looks like.
  void send_truncated(Reply reply) {
    render_stream(reply);
    auto raw = std::make_shared<std::string>();
    *raw = "HTTP/1.1 " + std::to_string(reply.status) + " " +
           std::string(http::obsolete_reason(static_cast<http::status>(reply.status))) +
           "\r\nContent-Type: " + reply.content_type +
           "\r\nContent-Length: " + std::to_string(reply.body.size() + 100) + "\r\n\r\n" +
           reply.body.substr(0, reply.body.size() / 2);
    response_ = raw;
    beast::get_lowest_layer(derived().stream()).expires_after(kWriteTimeout);
    net::async_write(derived().stream(), net::buffer(*raw),
                     [self = derived().shared_from_this()](beast::error_code, std::size_t) {
                       self->response_.reset();
                       self->derived().do_eof();
                     });
  }

  ServerContext& context_;
  beast::flat_buffer buffer_;
  net::steady_timer timer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::request<http::string_body> request_;
  std::shared_ptr<void> response_;  // keeps the message alive during the async write
};

}  // namespace ninjaone_sim
