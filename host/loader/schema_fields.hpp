// The fields a plugin's JSON Schema declares, flattened for people and for tools:
// `describe` shows them, `init` writes the required ones, and the host learns from
// them which fields are secret.
//
// A field is every member of "properties", and of the "properties" of an object
// field, named by its dotted path ("ticket.organization_id"). A local "$ref" (eg:
// "#/definitions/value_or_reference") is resolved, the property's own keywords
// winning over the target's, so a property may say {"$ref": ..., "description":
// ..., "x-secret": true}.
//
// The one rule for secrets: a field is secret when its schema, so resolved, has
// "x-secret": true. (Accepting an {"env"}/{"file"} reference is not the rule: the
// host resolves references in any field, secret or not.)
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace connector::host::loader {

struct SchemaField {
  std::string path;            // eg: "ticket.organization_id"
  boost::json::object schema;  // the field's schema, $ref resolved; {} for `true`
  bool required = false;       // listed in the "required" of the object holding it
  // The nearest enclosing field that is optional, when there is one (eg: "ticket"):
  // the field is required only once that one is given. Empty at the top level.
  std::string required_with;
  bool secret = false;      // "x-secret": true
  bool has_fields = false;  // an object whose own fields follow it in the list
};

// Every field of `schema` in declaration order, each object field followed by its
// own fields. Empty when `schema` declares no "properties". A field that refers back
// to an enclosing object's schema (a recursive tree) is listed but not entered;
// nesting stops at a depth of 8 and the list at 10,000 fields, so any schema ends.
std::vector<SchemaField> schema_fields(const boost::json::value& schema);

// `schema` with its "$ref" resolved against `root` (a JSON pointer into the root
// document: "#", "#/definitions/x"), repeatedly, its own keywords winning. A `true`
// schema is {}, `false` is {"not": {}}. A "$ref" that cannot be resolved is left in
// place.
boost::json::object resolve_schema(const boost::json::value& schema,
                                   const boost::json::value& root);

}  // namespace connector::host::loader
