#include <connector/sdk.hpp>
#include <connector/sdk/json_fields.hpp>

#include <boost/json/serialize.hpp>

namespace connector::sdk {
namespace {

[[noreturn]] void refuse(std::string_view where, std::string_view key, std::string_view why) {
  std::string field(where);
  if (!field.empty()) field += '.';
  field += key;
  throw Error(CONN_INVALID_ARGUMENT, field + ": " + std::string(why));
}

const boost::json::value& present(const boost::json::object& o, std::string_view key,
                                  std::string_view where) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr) refuse(where, key, "is required");
  return *v;
}

}  // namespace

std::optional<std::string> optional_string_or_number(const boost::json::object& o,
                                                     std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_number()) return boost::json::serialize(*v);
  return std::nullopt;
}

std::string_view require_string(const boost::json::object& o, std::string_view key,
                                std::string_view where) {
  const boost::json::value& v = present(o, key, where);
  if (!v.is_string()) refuse(where, key, "must be a string");
  return v.get_string();
}

std::int64_t require_int64(const boost::json::object& o, std::string_view key,
                           std::string_view where) {
  const auto n = int64_value(&present(o, key, where));
  if (!n) refuse(where, key, "must be an integer");
  return *n;
}

const boost::json::object& require_object(const boost::json::object& o, std::string_view key,
                                          std::string_view where) {
  const boost::json::value& v = present(o, key, where);
  if (!v.is_object()) refuse(where, key, "must be an object");
  return v.get_object();
}

}  // namespace connector::sdk
