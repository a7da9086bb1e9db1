// What every SCIM 2.0 service provider shares (RFC 7644), on top of the SDK's API
// client: its error shape, how a resource's id becomes a connector key and a URL
// path, and its paging (startIndex/count, ListResponse).
#ifndef SCIM_SCIM_API_HPP
#define SCIM_SCIM_API_HPP

#include <connector/sdk.hpp>
#include <connector/sdk/http/api_client.hpp>
#include <connector/sdk/http/api_dialect.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace scim {

namespace http = connector::sdk::http;

// A SCIM error (RFC 7644 3.12): {"status","scimType","detail"}; scimType is the code.
class ScimDialect final : public http::ApiDialect {
 public:
  http::ErrorBody read_error_body(std::string_view body) const override;
};

// A SCIM id is any string the server chose; a connector key may not hold ':' (ids
// are TYPE:KEY). So '%' and ':' are percent-encoded in the key and decoded back.
std::string key_of(std::string_view scim_id);
std::string scim_id_of(std::string_view key);
// "/Users/<id>" with the id percent-encoded as one path segment.
std::string resource_path(std::string_view endpoint, std::string_view scim_id);

// One page of a listing: GET endpoint?startIndex=S&count=C.
struct ListPage {
  boost::json::array resources;  // the objects of "Resources"
  std::int64_t next_start = 0;   // the startIndex of the next page; 0 after the last
};

// Reads the page at `start_index` (1-based). The next page starts after what the
// server returned, not after what was asked: a server may answer with fewer
// (itemsPerPage). The listing ends at totalResults, or at an empty page.
ListPage read_page(http::ApiClient& api, const connector::sdk::Call& call,
                   std::string_view endpoint, std::int64_t start_index, int count);

// The startIndex a page token holds ("" is 1); INVALID_ARGUMENT for anything else.
std::int64_t start_of(std::string_view page_token);

// The resource at `path`, or nullopt when the server answers 404.
std::optional<boost::json::object> read_resource(http::ApiClient& api,
                                                 const connector::sdk::Call& call,
                                                 const std::string& path);

}  // namespace scim

#endif  // SCIM_SCIM_API_HPP
