// JSON text that is always JSON. Boost.JSON 1.81 reads a number beyond a double's
// range as infinity (1e400) or NaN (0e999), and boost::json::serialize writes those
// back as `Infinity` and `NaN`, which no JSON parser takes. An item a plugin emitted
// as valid JSON, or an export line, must print as valid JSON too: here a non-finite
// number is written as null, JSON's only word for a number it cannot hold.
#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace connector::host {

// boost::json::serialize(value), with every non-finite number written as null.
std::string serialize_json(const boost::json::value& value);

}  // namespace connector::host
