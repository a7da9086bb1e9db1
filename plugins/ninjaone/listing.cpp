#include "listing.hpp"

#include <string>

#include "ids.hpp"
#include "resources/registry.hpp"

namespace ninjaone {
namespace {

using connector::sdk::Error;
using resources::CallContext;
using resources::Page;
using resources::ResourceType;

constexpr char kStreamSeparator = '|';

const ResourceType& type_named(std::string_view id) {
  const ResourceType* type = resources::find_resource_type(id);
  if (type == nullptr) {
    std::string known;
    for (const auto& each : resources::resource_types()) {
      known += (known.empty() ? "" : ", ") + std::string(each->id());
    }
    throw Error(CONN_INVALID_ARGUMENT,
                "unknown resource type '" + std::string(id) + "' (known: " + known + ")");
  }
  return *type;
}

void list_one(const ResourceType& type, CallContext& context, std::optional<std::string_view> key,
              Page& page, Listing listing) {
  if (listing == Listing::entitlements) {
    type.list_entitlements(context, key, page);
  } else {
    type.list_grants(context, key, page);
  }
}

// Runs `body`, treating "the host wants no more items" as a successful end.
template <class Body>
void until_host_stops(Body&& body) {
  try {
    body();
  } catch (const resources::HostStopped&) {
  }
}

void list_stream(CallContext& context, const connector::sdk::ListRequest& request,
                 Listing listing) {
  const auto& types = resources::resource_types();
  std::size_t index = 0;
  std::string_view inner;
  if (!request.page_token.empty()) {
    const std::size_t bar = request.page_token.find(kStreamSeparator);
    if (bar == std::string_view::npos) throw Error(CONN_INVALID_ARGUMENT, "bad page token");
    const std::string_view type = request.page_token.substr(0, bar);
    inner = request.page_token.substr(bar + 1);
    while (index < types.size() && types[index]->id() != type) ++index;
    if (index == types.size()) throw Error(CONN_INVALID_ARGUMENT, "bad page token");
  }
  for (; index < types.size(); ++index) {
    context.call().throw_if_cancelled();
    Page page{inner, request.page_size, {}};
    list_one(*types[index], context, std::nullopt, page, listing);
    if (!page.next.empty()) {
      context.call().next_page(std::string(types[index]->id()) + kStreamSeparator + page.next);
      return;
    }
    inner = {};
  }
}

}  // namespace

void list_resources(CallContext& context, const connector::sdk::ListRequest& request) {
  const ResourceType& type = type_named(request.resource_type);
  until_host_stops([&] {
    Page page{request.page_token, request.page_size, {}};
    type.list_resources(context, page);
    if (!page.next.empty()) context.call().next_page(page.next);
  });
}

void list_of_resources(CallContext& context, const connector::sdk::ListRequest& request,
                       Listing listing) {
  if (request.resource_id.empty()) {
    until_host_stops([&] { list_stream(context, request, listing); });
    return;
  }
  const auto id = ids::parse_resource(request.resource_id);
  if (!id) {
    throw Error(CONN_INVALID_ARGUMENT,
                "'" + std::string(request.resource_id) + "' is not a resource id (TYPE:ID)");
  }
  const ResourceType& type = type_named(id->type);
  until_host_stops([&] {
    Page page{request.page_token, request.page_size, {}};
    list_one(type, context, std::string_view(id->key), page, listing);
    if (!page.next.empty()) context.call().next_page(page.next);
  });
}

}  // namespace ninjaone
