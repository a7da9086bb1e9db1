#include "service/http_server.hpp"

#include <sys/resource.h>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace connector::host::service {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Requests to these endpoints have no body worth reading.
constexpr std::uint64_t max_request_body = 8 * 1024;
// Never fewer connections than this, whatever the descriptors: a probe, a scraper
// and a person with curl must fit.
constexpr std::size_t min_sessions = 4;

class Session;

// The open connections, so that the listener can cap them and close the one idle
// longest. Sessions add themselves when they start and leave when destroyed; a
// session closed to make room stops counting at once. [thread-safe]
class SessionTable {
 public:
  explicit SessionTable(std::size_t cap) : cap_(cap) {}

  std::uint64_t add(std::weak_ptr<Session> session) {
    std::lock_guard lock(mutex_);
    const std::uint64_t id = ++last_id_;
    entries_.emplace(id, Entry{std::move(session)});
    ++counted_;
    return id;
  }

  void remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(id);
    if (it == entries_.end()) return;
    if (!it->second.closing) --counted_;
    entries_.erase(it);
  }

  // The session waits for a request (idle) or reads or answers one (busy).
  void set_idle(std::uint64_t id, bool idle) {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(id);
    if (it != entries_.end()) it->second.idle_since = idle ? ++idle_clock_ : 0;
  }

  // Makes room for one more session: true when there is room, after closing the
  // session idle longest if the table is full; false when all are busy.
  bool make_room() { return close_idle_until(1); }

  // The descriptors ran out with the sessions open now: cap them below that from now
  // on (never under min_sessions) and close the one idle longest, so that the next
  // accept finds a descriptor.
  void after_descriptors_ran_out() {
    {
      std::lock_guard lock(mutex_);
      cap_ = std::max(min_sessions, std::min(cap_, counted_ > 1 ? counted_ - 1 : 1));
    }
    close_idle_until(1);
  }

  std::size_t open() const {
    std::lock_guard lock(mutex_);
    return counted_;
  }

 private:
  struct Entry {
    std::weak_ptr<Session> session;
    std::uint64_t idle_since = 0;  // 0: busy; else the idle clock when it went idle
    bool closing = false;
  };

  // Closes the sessions idle longest until `wanted` more fit under the cap.
  bool close_idle_until(std::size_t wanted);

  mutable std::mutex mutex_;
  std::map<std::uint64_t, Entry> entries_;
  std::size_t counted_ = 0;  // entries not closing
  std::size_t cap_;
  std::uint64_t last_id_ = 0;
  std::uint64_t idle_clock_ = 0;  // orders idle sessions without a clock
};

// One connection: wait for a request, read it, answer it, repeat while the client
// keeps it alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<const HttpHandler> handler, HttpServerOptions options,
          std::shared_ptr<SessionTable> table)
      : stream_(std::move(socket)),
        handler_(std::move(handler)),
        options_(options),
        table_(std::move(table)) {}
  ~Session() {
    if (id_ != 0) table_->remove(id_);
  }

  void start() {
    id_ = table_->add(weak_from_this());
    wait_for_request();
  }

  // Closes the connection from another thread (the listener making room).
  void close_soon() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->stream_.close(); });
  }

 private:
  // Idle until a request's first byte arrives (unless one is already buffered).
  void wait_for_request() {
    if (buffer_.size() > 0) return read();
    table_->set_idle(id_, true);
    stream_.expires_after(options_.idle_timeout);
    stream_.async_read_some(buffer_.prepare(1024),
                            [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                              if (ec)
                                return;  // idle too long, closed to make room, or the client left
                              self->buffer_.commit(bytes);
                              self->table_->set_idle(self->id_, false);
                              self->read();
                            });
  }

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
    wait_for_request();
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
  std::shared_ptr<SessionTable> table_;  // shared for the same reason
  std::uint64_t id_ = 0;                 // in table_, once started
};

bool SessionTable::close_idle_until(std::size_t wanted) {
  std::vector<std::shared_ptr<Session>> to_close;
  bool room = false;
  {
    std::lock_guard lock(mutex_);
    while (counted_ + wanted > cap_) {
      auto oldest = entries_.end();
      for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        const Entry& entry = it->second;
        if (entry.closing || entry.idle_since == 0) continue;
        if (oldest == entries_.end() || entry.idle_since < oldest->second.idle_since) oldest = it;
      }
      if (oldest == entries_.end()) break;  // every session is busy
      oldest->second.closing = true;
      --counted_;
      if (auto session = oldest->second.session.lock()) to_close.push_back(std::move(session));
    }
    room = counted_ + wanted <= cap_;
  }
  // Outside the lock: closing posts to the session's strand.
  for (const auto& session : to_close) session->close_soon();
  return room;
}

// The cap: the configured one, but never more than a quarter of the descriptors.
std::size_t session_cap(std::size_t configured) {
  struct rlimit limit {};
  std::size_t cap = std::max(configured, min_sessions);
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    cap = std::min<std::size_t>(cap, static_cast<std::size_t>(limit.rlim_cur / 4));
  return std::max(cap, min_sessions);
}

// Accepting again at once would fail again: the connection stays queued, the
// listening socket stays readable, and the loop spins a core.
bool out_of_resources(const beast::error_code& ec) {
  return ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
         ec == asio::error::no_memory || ec.value() == ENFILE;
}

}  // namespace

// Accepts connections and starts a session for each. Shared, so that a pending
// accept keeps it alive after the server object is gone.
class HttpServer::Listener : public std::enable_shared_from_this<HttpServer::Listener> {
 public:
  Listener(asio::io_context& io, const tcp::endpoint& endpoint, HttpHandler handler,
           HttpServerOptions options)
      : io_(io),
        acceptor_(io),
        retry_timer_(io),
        handler_(std::make_shared<const HttpHandler>(std::move(handler))),
        options_(options),
        sessions_(std::make_shared<SessionTable>(session_cap(options.max_sessions))),
        backoff_(options.accept_backoff) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }

  tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  std::size_t open_sessions() const { return sessions_->open(); }

  void accept() {
    acceptor_.async_accept(asio::make_strand(io_),
                           [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
                             self->on_accept(ec, std::move(socket));
                           });
  }

  void close() {
    beast::error_code ignored;
    acceptor_.close(ignored);
    retry_timer_.cancel();
  }

 private:
  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec && out_of_resources(ec)) {
      // A failed accept must not end the server, nor spin it: make a descriptor free
      // and try again later.
      sessions_->after_descriptors_ran_out();
      return accept_later();
    }
    backoff_ = options_.accept_backoff;
    if (!ec) {
      if (sessions_->make_room()) {
        std::make_shared<Session>(std::move(socket), handler_, options_, sessions_)->start();
      } else {
        beast::error_code ignored;
        socket.close(ignored);  // every connection is busy with a request: refuse this one
      }
    }
    accept();  // after a success or a connection the client aborted before it was taken
  }

  void accept_later() {
    retry_timer_.expires_after(backoff_);
    backoff_ = std::min(backoff_ * 2, options_.accept_backoff_max);
    retry_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || !self->acceptor_.is_open()) return;
      self->accept();
    });
  }

  asio::io_context& io_;
  tcp::acceptor acceptor_;
  asio::steady_timer retry_timer_;
  std::shared_ptr<const HttpHandler> handler_;
  HttpServerOptions options_;
  std::shared_ptr<SessionTable> sessions_;
  std::chrono::milliseconds backoff_;
};

HttpServer::HttpServer(asio::io_context& io, const tcp::endpoint& endpoint, HttpHandler handler,
                       HttpServerOptions options)
    : listener_(std::make_shared<Listener>(io, endpoint, std::move(handler), options)) {}

HttpServer::~HttpServer() { stop(); }

tcp::endpoint HttpServer::local_endpoint() const { return listener_->local_endpoint(); }

std::size_t HttpServer::open_sessions() const { return listener_->open_sessions(); }

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
