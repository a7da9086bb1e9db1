// A failure below HTTP: resolving, connecting, the TLS handshake, writing the
// request or reading the response. Whether the request was completely sent decides
// whether a write may be retried, so every failure records it.
#pragma once

#include <stdexcept>
#include <string>

namespace connector::sdk::http {

class TransportError : public std::runtime_error {
 public:
  // proxy: the proxy refused (a CONNECT tunnel not opened, a 407 for credentials).
  enum class Stage { resolve, connect, proxy, handshake, write, read };

  // `message` says what failed and where, e.g. "TLS handshake with 10.0.0.1:443
  // failed: certificate verify failed (self-signed certificate)".
  TransportError(Stage stage, std::string message, bool request_sent, bool permanent = false)
      : std::runtime_error(std::move(message)),
        stage_(stage),
        request_sent_(request_sent),
        permanent_(permanent) {}

  Stage stage() const noexcept { return stage_; }
  // True once the whole request reached the socket: the server may have applied it.
  bool request_sent() const noexcept { return request_sent_; }
  // True when trying again cannot help (e.g. the server's certificate is not trusted).
  bool permanent() const noexcept { return permanent_; }

 private:
  Stage stage_;
  bool request_sent_;
  bool permanent_;
};

}  // namespace connector::sdk::http
