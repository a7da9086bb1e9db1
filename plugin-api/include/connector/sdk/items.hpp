// Item shapes DESIGN section 4 fixes for every connector, beside what a connector
// writes itself (its resources' profiles).
#ifndef CONNECTOR_SDK_ITEMS_HPP
#define CONNECTOR_SDK_ITEMS_HPP

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace connector::sdk {

// {"id":"TYPE:ID:SLUG","resource","slug","display_name","purpose","grantable_to":["user"],
//  "provisionable"}; `purpose` is "assignment" or "permission".
boost::json::object entitlement_item(std::string_view resource_id, std::string_view slug,
                                     std::string display_name, std::string_view purpose,
                                     bool provisionable);

// A grant's JSON text, {"id","entitlement","principal"}, written into `out` (which it
// replaces). Grants are most of a sync's items; writing the text directly costs a
// fraction of building a json::object and serialising it.
void write_grant_item(std::string& out, std::string_view entitlement_id,
                      std::string_view principal_id);

}  // namespace connector::sdk

#endif  // CONNECTOR_SDK_ITEMS_HPP
