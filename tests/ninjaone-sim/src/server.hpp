// The simulator's HTTP(S) server, shaped like Boost.Beast's advanced server example:
// a listener that accepts on a strand per connection and one session object per
// connection that owns its stream, buffer and parser, with a timeout before every
// operation. Keep-alive; many threads may run the io_context.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <memory>

#include "api.hpp"

namespace ninjaone_sim {

struct ServerConfig {
  boost::asio::ip::tcp::endpoint endpoint;
  std::shared_ptr<boost::asio::ssl::context> tls;  // null: plain HTTP
  std::chrono::milliseconds latency{0};            // added before every API reply
};

// Shared by every session; outlives them all.
struct ServerContext {
  Services& services;
  ServerConfig config;
};

class Server {
 public:
  // Binds and listens at once (throws boost::system::system_error on failure).
  Server(boost::asio::io_context& ioc, ServerContext& context);
  ~Server();
  unsigned short port() const;
  void start();

 private:
  class Listener;
  std::shared_ptr<Listener> listener_;
};

}  // namespace ninjaone_sim
