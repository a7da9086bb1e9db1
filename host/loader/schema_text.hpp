// A field's JSON Schema in a few words, for the `describe` table and `init`'s
// placeholders: its type ("integer", "string | {env} | {file}", "array of string")
// and what it allows ("us, eu, ca", "1..64", "> 0, <= 3600", "pattern ^https?://").
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>

namespace connector::host::loader {

// The type: "type" (one or several, joined by " | "), else what "const", "enum",
// "oneOf"/"anyOf" (each alternative; an object one as its keys, eg: "{env}") or
// "properties" imply, else "any". Arrays read "array of T", maps (an object whose
// "additionalProperties" is a schema) "map of T". `root` resolves local $refs.
std::string type_text(const boost::json::object& schema, const boost::json::value& root);

// What values are allowed, "; "-separated: enum values, const, numeric range,
// string length, pattern, format, array items and size, map values, and for
// "oneOf"/"anyOf" each alternative's own, " | "-separated. Empty when unconstrained.
std::string allowed_text(const boost::json::object& schema, const boost::json::value& root);

// A JSON value as a person reads it: a string bare, anything else as JSON.
std::string value_text(const boost::json::value& value);

}  // namespace connector::host::loader
