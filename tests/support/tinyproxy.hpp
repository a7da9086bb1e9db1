// Runs tinyproxy (Debian's package, a real HTTP proxy that we did not write) for one
// test: on 127.0.0.1 at a free port, from a config generated into its own directory
// (loopback clients only, CONNECT to any port, optionally Basic authentication, a
// log at level Info), in the foreground, stopped with the object (SIGTERM; the
// child helper SIGKILLs what is left). The proxy tests drive the SDK's client and
// connector-host through it and read its log to see which requests it carried.
//
// The binary is TINYPROXY from CTest's environment, else "tinyproxy" on PATH.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "temp_dir.hpp"

namespace test_support {

struct TinyproxyOptions {
  // BasicAuth USER PASSWORD: requests without these credentials are answered 407.
  std::optional<std::string> user;
  std::optional<std::string> password;
};

class Tinyproxy {
 public:
  // Starts the proxy and waits (up to 10 s) until it accepts connections; throws
  // when it cannot be started.
  explicit Tinyproxy(TinyproxyOptions options = {});
  ~Tinyproxy();
  Tinyproxy(const Tinyproxy&) = delete;
  Tinyproxy& operator=(const Tinyproxy&) = delete;

  unsigned short port() const { return port_; }
  std::string url() const;  // "http://127.0.0.1:PORT"

  // Everything tinyproxy logged so far.
  std::string log() const;
  // The request lines it received, in order, eg: "CONNECT 127.0.0.1:8443 HTTP/1.1" or
  // "GET http://127.0.0.1:8080/v2/users HTTP/1.1" (from its "Request (file
  // descriptor N): ..." log lines).
  std::vector<std::string> requests() const;
  // How many client connections it accepted.
  std::size_t connections() const;

  // Stops it (SIGTERM, waiting for the exit); the port then refuses connections.
  void stop();

 private:
  TempDir dir_;
  std::unique_ptr<ChildProcess> process_;
  unsigned short port_ = 0;
};

}  // namespace test_support
