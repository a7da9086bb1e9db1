// JSON text written directly, for the items a sync emits by the hundred thousand
// (grants, users): building a json::object per item and serialising it was most of
// a listing's time on the calling thread. The output is what boost::json::serialize
// would write up to escaping style, and the host parses it like any other item.
#ifndef CONNECTOR_SDK_JSON_TEXT_HPP
#define CONNECTOR_SDK_JSON_TEXT_HPP

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace connector::sdk {

// Appends the characters of `text` as the inside of a JSON string: `"` and `\` and
// control characters escaped, everything else as it is. `text` must be UTF-8, as
// every string boost::json parsed is, and as the ids the plugin makes are.
void append_json_string_body(std::string& out, std::string_view text);

// Appends `text` as a JSON string, quotes included.
void append_json_string(std::string& out, std::string_view text);

// Appends any JSON value, as boost::json::serialize would up to escaping style, but
// always as JSON: a double that is not finite (what Boost.JSON 1.81 makes of a number
// beyond a double's range: 1e400 is infinity, 0e999 NaN) is written as null, where
// serialize would write `Infinity` or `NaN`. Numbers with a fraction are written by
// boost::json::serialize.
void append_json_value(std::string& out, const boost::json::value& value);

}  // namespace connector::sdk

#endif  // CONNECTOR_SDK_JSON_TEXT_HPP
