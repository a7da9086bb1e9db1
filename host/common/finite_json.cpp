#include "common/finite_json.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cmath>

namespace connector::host {
namespace {

namespace json = boost::json;

bool holds_non_finite(const json::value& value) {
  switch (value.kind()) {
    case json::kind::double_:
      return !std::isfinite(value.get_double());
    case json::kind::array: {
      const json::array& array = value.get_array();
      return std::any_of(array.begin(), array.end(), holds_non_finite);
    }
    case json::kind::object: {
      const json::object& object = value.get_object();
      return std::any_of(object.begin(), object.end(), [](const json::key_value_pair& member) {
        return holds_non_finite(member.value());
      });
    }
    default:
      return false;
  }
}

void replace_non_finite(json::value& value) {
  switch (value.kind()) {
    case json::kind::double_:
      if (!std::isfinite(value.get_double())) value = nullptr;
      return;
    case json::kind::array:
      for (json::value& element : value.get_array()) replace_non_finite(element);
      return;
    case json::kind::object:
      for (json::key_value_pair& member : value.get_object()) replace_non_finite(member.value());
      return;
    default:
      return;
  }
}

}  // namespace

std::string serialize_json(const json::value& value) {
  // The common case, a value with nothing to replace, is serialized as it is.
  if (!holds_non_finite(value)) return json::serialize(value);
  json::value copy = value;
  replace_non_finite(copy);
  return json::serialize(copy);
}

}  // namespace connector::host
