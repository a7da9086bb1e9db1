#include "http/connection_pool.hpp"

namespace connector::sdk::http {

ConnectionPool::ConnectionPool(Endpoint endpoint,
                               std::shared_ptr<boost::asio::ssl::context> tls_context,
                               std::size_t max_idle, std::shared_ptr<const ProxyServer> proxy)
    : endpoint_(std::move(endpoint)),
      tls_context_(std::move(tls_context)),
      proxy_(std::move(proxy)),
      max_idle_(std::max<std::size_t>(max_idle, 1)) {}

std::unique_ptr<Connection> ConnectionPool::acquire() {
  {
    std::unique_lock lock(mutex_);
    while (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      lock.unlock();
      if (!connection->closed_by_peer()) return connection;
      connection.reset();  // closes it, outside the lock
      lock.lock();
    }
  }
  ++connections_made_;
  return std::make_unique<Connection>(endpoint_, tls_context_, proxy_);
}

void ConnectionPool::release(std::unique_ptr<Connection> connection) {
  if (!connection || !connection->reusable()) return;
  std::unique_lock lock(mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(connection));
}

}  // namespace connector::sdk::http
