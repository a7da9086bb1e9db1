#include "writes.hpp"

#include <connector/sdk/call_wait.hpp>

#include <boost/json/parse.hpp>

#include <chrono>

namespace scim {
namespace {

namespace json = boost::json;
using connector::sdk::Error;

constexpr int kMaxSends = 3;

bool is_ambiguous_write(const Error& error) {
  if (error.status() != CONN_UNAVAILABLE) return false;
  json::error_code ec;
  const json::value details = json::parse(error.details_json(), ec);
  const json::value* flag =
      !ec && details.is_object() ? details.get_object().if_contains("ambiguous_write") : nullptr;
  return flag != nullptr && flag->is_bool() && flag->get_bool();
}

}  // namespace

json::object dry_run_item(const Write& write) {
  return {{"dry_run",
           {{"method", boost::beast::http::to_string(write.method)},
            {"path", write.path},
            {"body", write.body ? *write.body : json::value(nullptr)}}}};
}

std::optional<http::Response> send_unless_applied(CallContext& context, const Write& write,
                                                  const std::function<bool()>& applied) {
  for (int sends = 1;; ++sends) {
    try {
      return context.api().send(context.call(), write.method, write.path,
                                write.body ? &*write.body : nullptr, http::WriteSafety::write);
    } catch (const Error& error) {
      if (!is_ambiguous_write(error)) throw;
      if (applied()) return std::nullopt;
      // Not applied: sending it again is safe. A server that just failed gets a moment.
      if (sends == kMaxSends ||
          !connector::sdk::wait_for(context.call(), std::chrono::milliseconds(500) * sends)) {
        throw Error(CONN_UNAVAILABLE,
                    std::string(boost::beast::http::to_string(write.method)) + " " + write.path +
                        " failed " + std::to_string(sends) +
                        " time(s) and reading the state again shows it was NOT applied; it is "
                        "safe to try again (" +
                        error.what() + ")",
                    error.details_json());
      }
    }
  }
}

json::object result_item(std::string_view status, const std::optional<http::Response>& response) {
  json::object item{{"status", status}};
  if (!response) {
    item["confirmed_by"] = "re-read after an ambiguous failure";
  } else if (!response->request_id.empty()) {
    item["request_id"] = response->request_id;
  }
  return item;
}

}  // namespace scim
