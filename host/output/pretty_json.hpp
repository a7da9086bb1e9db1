// JSON for people to read and edit: one member per line, two-space indent, members
// in their order. (Boost.JSON 1.81 serializes on one line only.)
#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace connector::host::output {

// `value` indented, without a final newline. Empty objects and arrays stay "{}" and
// "[]"; an array of scalars stays on one line (eg: "tags": ["a", "b"]), and so does an
// object of scalars of at most 60 bytes (eg: "api_key": {"env": "API_KEY"}).
std::string pretty_json(const boost::json::value& value);

}  // namespace connector::host::output
