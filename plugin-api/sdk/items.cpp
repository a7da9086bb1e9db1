#include <connector/sdk/ids.hpp>
#include <connector/sdk/items.hpp>
#include <connector/sdk/json_text.hpp>

#include <boost/json/array.hpp>

namespace connector::sdk {

boost::json::object entitlement_item(std::string_view resource_id, std::string_view slug,
                                     std::string display_name, std::string_view purpose,
                                     bool provisionable) {
  return boost::json::object{{"id", ids::entitlement(resource_id, slug)},
                             {"resource", resource_id},
                             {"slug", slug},
                             {"display_name", std::move(display_name)},
                             {"purpose", purpose},
                             {"grantable_to", boost::json::array{"user"}},
                             {"provisionable", provisionable}};
}

void write_grant_item(std::string& out, std::string_view entitlement_id,
                      std::string_view principal_id) {
  out.assign(R"({"id":")");
  append_json_string_body(out, entitlement_id);
  out += ':';
  append_json_string_body(out, principal_id);
  out += R"(","entitlement":")";
  append_json_string_body(out, entitlement_id);
  out += R"(","principal":")";
  append_json_string_body(out, principal_id);
  out += R"("})";
}

}  // namespace connector::sdk
