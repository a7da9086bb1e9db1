// Checks that an item has the shape DESIGN section 4 fixes, for the fuzz targets that
// make or receive items: every required field with its type, the id in the documented
// form (and parsing back to the same parts), and the item surviving a JSON round trip.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <string>
#include <string_view>

#include "fuzz_check.hpp"

namespace connector::fuzz {

inline bool is_nonempty_string(const boost::json::object& item, std::string_view field) {
  const boost::json::value* v = item.if_contains(field);
  return v != nullptr && v->is_string() && !v->get_string().empty();
}

inline std::string_view string_of(const boost::json::object& item, std::string_view field) {
  return item.at(field).get_string();
}

// Serialised and parsed again, the item is the same: what the host stores and prints is
// what the plugin meant.
inline void check_round_trip(const boost::json::object& item) {
  boost::system::error_code ec;
  const boost::json::value again = boost::json::parse(boost::json::serialize(item), ec);
  FUZZ_CHECK(!ec && again.is_object() && again.get_object() == item,
             "an item survives a JSON round trip");
}

// `id` is TYPE:KEY with both parts non-empty and no further ':'.
inline bool is_resource_id(std::string_view id) {
  const std::size_t colon = id.find(':');
  return colon != std::string_view::npos && colon > 0 && colon + 1 < id.size() &&
         id.find(':', colon + 1) == std::string_view::npos;
}

// {"id","type","display_name","parent"?,"traits":[...],"status","profile":{...}}
inline void check_resource_shape(const boost::json::object& item) {
  FUZZ_CHECK(is_nonempty_string(item, "id") && is_resource_id(string_of(item, "id")),
             "a resource id is TYPE:ID");
  FUZZ_CHECK(is_nonempty_string(item, "type"), "a resource has a type");
  FUZZ_CHECK(
      string_of(item, "id").substr(0, string_of(item, "id").find(':')) == string_of(item, "type"),
      "a resource id starts with its type");
  FUZZ_CHECK(is_nonempty_string(item, "display_name"), "a resource has a display name");
  const boost::json::value* traits = item.if_contains("traits");
  FUZZ_CHECK(traits != nullptr && traits->is_array(), "a resource has traits");
  for (const auto& trait : traits->get_array()) FUZZ_CHECK(trait.is_string(), "a trait is a name");
  FUZZ_CHECK(is_nonempty_string(item, "status") && (string_of(item, "status") == "enabled" ||
                                                    string_of(item, "status") == "disabled"),
             "a resource is enabled or disabled");
  const boost::json::value* profile = item.if_contains("profile");
  FUZZ_CHECK(profile != nullptr && profile->is_object(), "a resource has a profile object");
  if (item.contains("parent")) {
    FUZZ_CHECK(is_nonempty_string(item, "parent") && is_resource_id(string_of(item, "parent")),
               "a parent is a resource id");
  }
}

// {"id","resource","slug","display_name","purpose","grantable_to":[...],"provisionable"}
inline void check_entitlement_shape(const boost::json::object& item) {
  FUZZ_CHECK(is_nonempty_string(item, "resource") && is_resource_id(string_of(item, "resource")),
             "an entitlement names its resource");
  FUZZ_CHECK(is_nonempty_string(item, "slug") &&
                 string_of(item, "slug").find(':') == std::string_view::npos,
             "an entitlement has a slug without ':'");
  FUZZ_CHECK(is_nonempty_string(item, "id") &&
                 string_of(item, "id") == std::string(string_of(item, "resource")) + ":" +
                                              std::string(string_of(item, "slug")),
             "an entitlement id is RESOURCE:SLUG");
  FUZZ_CHECK(is_nonempty_string(item, "display_name"), "an entitlement has a display name");
  FUZZ_CHECK(is_nonempty_string(item, "purpose") && (string_of(item, "purpose") == "assignment" ||
                                                     string_of(item, "purpose") == "permission"),
             "an entitlement's purpose is assignment or permission");
  const boost::json::value* grantable = item.if_contains("grantable_to");
  FUZZ_CHECK(grantable != nullptr && grantable->is_array(), "an entitlement says who may hold it");
  const boost::json::value* provisionable = item.if_contains("provisionable");
  FUZZ_CHECK(provisionable != nullptr && provisionable->is_bool(),
             "an entitlement says whether it is provisionable");
}

// {"id","entitlement","principal"}
inline void check_grant_shape(const boost::json::object& item) {
  FUZZ_CHECK(is_nonempty_string(item, "entitlement"), "a grant names its entitlement");
  FUZZ_CHECK(is_nonempty_string(item, "principal") && is_resource_id(string_of(item, "principal")),
             "a grant's principal is a resource id");
  FUZZ_CHECK(is_nonempty_string(item, "id") &&
                 string_of(item, "id") == std::string(string_of(item, "entitlement")) + ":" +
                                              std::string(string_of(item, "principal")),
             "a grant id is ENTITLEMENT:PRINCIPAL");
}

}  // namespace connector::fuzz
