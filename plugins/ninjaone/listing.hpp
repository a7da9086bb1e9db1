// The list operations of the ABI, served by the resource types of the registry:
// list_resources of one type, and list_entitlements / list_grants of one resource or,
// with an empty resource id, of every resource as one paged stream.
#ifndef NINJAONE_LISTING_HPP
#define NINJAONE_LISTING_HPP

#include <connector/sdk.hpp>

#include "resources/resource_type.hpp"

namespace ninjaone {

enum class Listing { entitlements, grants };

void list_resources(resources::CallContext& context, const connector::sdk::ListRequest& request);

// The every-resource stream walks the types in registry order. Its page token is
// "TYPE|TOKEN" (the type to resume at and that type's own token). Types that finish
// within the call are joined into the same ABI page, so listings fetched once in the
// call (the users) serve every type that needs them; a page ends where a type has
// more API pages to fetch.
void list_of_resources(resources::CallContext& context, const connector::sdk::ListRequest& request,
                       Listing listing);

}  // namespace ninjaone

#endif  // NINJAONE_LISTING_HPP
