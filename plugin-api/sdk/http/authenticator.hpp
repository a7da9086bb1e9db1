// What the request runner needs from an auth scheme: the token to send, and a way to
// say that the server refused one (so the next bearer() fetches a new one).
#pragma once

#include <connector/sdk.hpp>

#include <string>

namespace connector::sdk::http {

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // The current access token, fetched or refreshed first when needed. [thread-safe]
  virtual std::string bearer(const Call& call) = 0;
  // The server answered 401 to `token`: forget it unless it was already replaced.
  // [thread-safe]
  virtual void reject(const std::string& token) = 0;
  // Whether a refused token can be replaced by another (false for a static token,
  // where sending the request again would only be refused again).
  virtual bool renewable() const { return true; }
};

// A token given in the configuration, sent as it is.
class StaticBearer final : public Authenticator {
 public:
  explicit StaticBearer(std::string token) : token_(std::move(token)) {}
  std::string bearer(const Call&) override { return token_; }
  void reject(const std::string&) override {}
  bool renewable() const override { return false; }

 private:
  const std::string token_;
};

}  // namespace connector::sdk::http
