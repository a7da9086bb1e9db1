#include "output/pretty_json.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

#include "common/finite_json.hpp"

namespace connector::host::output {
namespace {

namespace json = boost::json;

// A short object of scalars reads best on one line, as people write it:
// "schedule": {"sync_every": "1h", "jitter": "5m"}, "api_key": {"env": "X"}.
constexpr std::size_t kOneLineObjectBytes = 60;

bool is_scalar(const json::value& value) { return !value.is_object() && !value.is_array(); }

std::string one_line_object(const json::object& object) {
  std::string text = "{";
  for (const auto& [key, member] : object) {
    if (text.size() > 1) text += ", ";
    text += json::serialize(json::string(key)) + ": " + serialize_json(member);
  }
  return text + "}";
}

void write(const json::value& value, std::size_t depth, std::string& out) {
  const std::string inner((depth + 1) * 2, ' ');
  const std::string outer(depth * 2, ' ');
  if (value.is_object() && !value.as_object().empty()) {
    const auto& object = value.as_object();
    if (std::all_of(object.begin(), object.end(),
                    [](const json::key_value_pair& member) { return is_scalar(member.value()); })) {
      std::string text = one_line_object(object);
      if (text.size() <= kOneLineObjectBytes) {
        out += text;
        return;
      }
    }
    out += "{\n";
    bool first = true;
    for (const auto& [key, member] : value.as_object()) {
      if (!first) out += ",\n";
      first = false;
      out += inner + json::serialize(json::string(key)) + ": ";
      write(member, depth + 1, out);
    }
    out += "\n" + outer + "}";
    return;
  }
  if (value.is_array() && !value.as_array().empty()) {
    const auto& array = value.as_array();
    const bool flat = std::all_of(array.begin(), array.end(), is_scalar);
    out += flat ? "[" : "[\n";
    for (std::size_t i = 0; i < array.size(); ++i) {
      if (i > 0) out += flat ? ", " : ",\n";
      if (!flat) out += inner;
      write(array[i], depth + 1, out);
    }
    out += flat ? "]" : "\n" + outer + "]";
    return;
  }
  out += serialize_json(value);
}

}  // namespace

std::string pretty_json(const json::value& value) {
  std::string out;
  write(value, 0, out);
  return out;
}

}  // namespace connector::host::output
