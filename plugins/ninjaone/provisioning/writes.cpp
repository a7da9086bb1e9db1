#include "provisioning/writes.hpp"

#include <connector/sdk/call_wait.hpp>

#include <boost/beast/http/verb.hpp>
#include <boost/json/parse.hpp>

#include <chrono>

namespace ninjaone::provisioning {

namespace json = boost::json;
using connector::sdk::Error;

json::object dry_run_item(const Write& write) {
  return {{"dry_run",
           {{"method", boost::beast::http::to_string(write.method)},
            {"path", write.path},
            {"body", write.body ? *write.body : json::value(nullptr)}}}};
}

bool is_ambiguous_write(const Error& error) {
  if (error.status() != CONN_UNAVAILABLE || error.details_json().empty()) return false;
  boost::system::error_code ec;
  const json::value details = json::parse(error.details_json(), ec);
  if (ec || !details.is_object()) return false;
  const json::value* flag = details.get_object().if_contains("ambiguous_write");
  return flag != nullptr && flag->is_bool() && flag->get_bool();
}

namespace {

// Waits before sending again a write proven not applied: 0.5 s, then 1 s. A server
// that failed mid-request (a 500, a reset) is given a moment, not hammered.
std::chrono::milliseconds resend_delay(int sends_so_far) {
  return std::chrono::milliseconds(500) * (1 << (sends_so_far - 1));
}

}  // namespace

std::optional<client::Response> send_unless_applied(resources::CallContext& context,
                                                    const Write& write,
                                                    const std::function<Applied()>& reread) {
  for (int sends = 1;; ++sends) {
    try {
      return context.api().send(context.call(), write.method, write.path,
                                write.body ? &*write.body : nullptr, client::WriteSafety::write);
    } catch (const Error& error) {
      if (!is_ambiguous_write(error)) throw;
      // The request may or may not have been applied; sending it again blindly could
      // apply it twice, so the state decides: applied, done; NOT applied, sending it
      // again is certainly safe.
      if (reread() == Applied::yes) return std::nullopt;
      if (sends == kMaxWriteSends ||
          !connector::sdk::wait_for(context.call(), resend_delay(sends))) {
        throw Error(CONN_UNAVAILABLE,
                    std::string(boost::beast::http::to_string(write.method)) + " " + write.path +
                        " failed after it was sent, " + std::to_string(sends) +
                        (sends == 1 ? " time" : " times") +
                        ", and reading the state again shows it was NOT applied; nothing was "
                        "changed, it is safe to try again (" +
                        error.what() + ")",
                    error.details_json());
      }
    }
  }
}

json::object object_answer(const client::Response& response, std::string_view what) {
  boost::system::error_code ec;
  json::value answer = json::parse(response.body, ec);
  if (ec || !answer.is_object()) {
    throw Error(CONN_UNKNOWN, "NinjaOne answered " + std::string(what) +
                                  " with something that is not a JSON object");
  }
  return std::move(answer.get_object());
}

json::object result_item(std::string_view status, const client::Response* response) {
  json::object item{{"status", status}};
  if (response != nullptr && !response->request_id.empty()) {
    item["request_id"] = response->request_id;
  }
  return item;
}

}  // namespace ninjaone::provisioning
