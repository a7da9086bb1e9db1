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

// Appends any JSON value: strings, booleans and integers written here, the rest
// (numbers with a fraction, null, arrays, objects) by boost::json::serialize.
void append_json_value(std::string& out, const boost::json::value& value);

}  // namespace connector::sdk

#endif  // CONNECTOR_SDK_JSON_TEXT_HPP
