// Sending one write whose outcome may be unknown. The SDK's client throws UNAVAILABLE
// with {"ambiguous_write":true} when a write was sent but its answer was lost (a
// broken connection, a 5xx): it is never sent again blindly. The state is read
// instead, and the write sent again only when that read proves it was not applied.
#ifndef SCIM_WRITES_HPP
#define SCIM_WRITES_HPP

#include <connector/sdk/http/api_client.hpp>

#include <boost/beast/http/verb.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <optional>
#include <string>

#include "resources.hpp"

namespace scim {

struct Write {
  boost::beast::http::verb method;
  std::string path;
  std::optional<boost::json::value> body;
};

// {"dry_run":{"method","path","body"}}.
boost::json::object dry_run_item(const Write& write);

// The response; nullopt when the write failed ambiguously and `applied()` (a fresh
// read of the state) then showed it took effect. Sent at most 3 times in all.
std::optional<http::Response> send_unless_applied(CallContext& context, const Write& write,
                                                  const std::function<bool()>& applied);

// {"status": status} with the server's request id when it gave one, and how an
// ambiguous write was confirmed.
boost::json::object result_item(std::string_view status,
                                const std::optional<http::Response>& response);

}  // namespace scim

#endif  // SCIM_WRITES_HPP
