// Sending one write: the dry-run item that describes it, and the rule for a write
// whose outcome is unknown (the client throws UNAVAILABLE with
// {"ambiguous_write":true}): never send it again blindly; read the state, and send
// it again only when the read proves it was not applied.
#ifndef NINJAONE_PROVISIONING_WRITES_HPP
#define NINJAONE_PROVISIONING_WRITES_HPP

#include <connector/sdk.hpp>

#include <boost/beast/http/verb.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "api/ninjaone_api.hpp"
#include "resources/resource_type.hpp"

namespace ninjaone::provisioning {

struct Write {
  boost::beast::http::verb method;
  std::string path;                        // path and query
  std::optional<boost::json::value> body;  // none: no body
};

// {"dry_run":{"method":"PATCH","path":"/v2/...","body":...}}; body null when none.
boost::json::object dry_run_item(const Write& write);

// True for the client's "sent, outcome unknown" failure.
bool is_ambiguous_write(const connector::sdk::Error& error);

// What an ambiguous write turned out to be, learnt by reading the state again.
enum class Applied { yes, no };

// How many times a write may be sent in all: again only after a read proved the
// previous send was not applied.
inline constexpr int kMaxWriteSends = 3;

// Sends `write`. On an ambiguous failure calls `reread` (which reads the state and
// says whether the write took effect): nullopt when it did (the caller answers as if
// it had succeeded, without the response); when it did not, sends it again, up to
// kMaxWriteSends in all, then throws UNAVAILABLE saying the change was NOT applied.
// A write is never sent again without such a read. Other failures propagate unchanged.
std::optional<client::Response> send_unless_applied(resources::CallContext& context,
                                                    const Write& write,
                                                    const std::function<Applied()>& reread);

// Parses a JSON object answer; throws UNKNOWN naming `what` when it is not one.
boost::json::object object_answer(const client::Response& response, std::string_view what);

// A result item {"status":...} with "request_id" when the answer carried one.
boost::json::object result_item(std::string_view status, const client::Response* response);

}  // namespace ninjaone::provisioning

#endif  // NINJAONE_PROVISIONING_WRITES_HPP
