// Keep-alive connections to one endpoint (direct or through one proxy: a pool's
// connections all go the same way), shared by the threads of one client. A
// thread takes a connection, makes one exchange on it and gives it back; the pool
// keeps at most `max_idle` idle connections and drops the ones the server closed.
#pragma once

#include <connector/sdk/http/endpoint.hpp>
#include <connector/sdk/http/proxy.hpp>

#include <boost/asio/ssl/context.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "http/connection.hpp"

namespace connector::sdk::http {

class ConnectionPool {
 public:
  // `proxy` null: direct.
  ConnectionPool(Endpoint endpoint, std::shared_ptr<boost::asio::ssl::context> tls_context,
                 std::size_t max_idle, std::shared_ptr<const ProxyServer> proxy);

  const Endpoint& endpoint() const noexcept { return endpoint_; }
  // The proxy the connections go through; null when direct.
  const ProxyServer* proxy() const noexcept { return proxy_.get(); }

  // An idle connection that is still open, or a new unconnected one.
  // [thread-safe]
  std::unique_ptr<Connection> acquire();

  // Takes the connection back if it can carry another request and there is room;
  // otherwise closes it. [thread-safe]
  void release(std::unique_ptr<Connection> connection);

  // How many new connections acquire() made so far. [thread-safe]
  std::uint64_t connections_made() const noexcept { return connections_made_.load(); }

 private:
  Endpoint endpoint_;
  std::shared_ptr<boost::asio::ssl::context> tls_context_;
  std::shared_ptr<const ProxyServer> proxy_;
  std::size_t max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;  // most recently used last
  std::atomic<std::uint64_t> connections_made_{0};
};

}  // namespace connector::sdk::http
