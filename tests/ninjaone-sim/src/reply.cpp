#include "reply.hpp"

#include <random>

namespace ninjaone_sim {

std::string random_uuid() {
  static thread_local std::mt19937_64 engine{std::random_device{}()};
  static constexpr char hex[] = "0123456789abcdef";
  std::string s = "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx";
  for (auto& c : s) {
    if (c == 'x') c = hex[engine() % 16];
    if (c == 'y') c = hex[8 + engine() % 4];  // RFC 4122 variant
  }
  return s;
}

Reply json_reply(unsigned status, const boost::json::value& value) {
  Reply r;
  r.status = status;
  r.body = boost::json::serialize(value);
  return r;
}

Reply empty_reply(unsigned status) {
  Reply r;
  r.status = status;
  r.content_type.clear();
  return r;
}

Reply app_error_reply(const ApiError& error) {
  return json_reply(error.status(), boost::json::object{{"resultCode", error.result_code()},
                                                        {"errorMessage", error.what()},
                                                        {"incidentId", random_uuid()}});
}

Reply auth_error_reply(unsigned status, std::string_view error, std::string_view description,
                       int code) {
  return json_reply(
      status, boost::json::object{
                  {"error", error}, {"error_description", description}, {"error_code", code}});
}

void render_stream(Reply& reply) {
  if (!reply.stream) return;
  std::string chunk;
  bool more = true;
  while (more) {
    more = reply.stream->next(chunk);
    reply.body += chunk;
  }
  reply.stream.reset();
}

}  // namespace ninjaone_sim
