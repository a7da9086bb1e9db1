// What the request runner needs from the token cache: a valid bearer token, and a
// way to say that the server refused one (so the next bearer() fetches a new one).
#pragma once

#include <connector/sdk.hpp>

#include <string>

namespace ninjaone::client {

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // The current access token, fetched or refreshed first when needed. [thread-safe]
  virtual std::string bearer(const connector::sdk::Call& call) = 0;
  // The server answered 401 to `token`: forget it unless it was already replaced.
  // [thread-safe]
  virtual void reject(const std::string& token) = 0;
};

}  // namespace ninjaone::client
