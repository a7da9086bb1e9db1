// The resource-syncer base, as baton-sdk's connectorbuilder: a connector describes
// its resource types, one class (one file) each, and the syncer serves the ABI's list
// operations from them: list_resource_types; list_resources of one type; and
// list_entitlements / list_grants of one resource (`TYPE:ID`) or, with an empty
// resource id, of every resource of every type as one paged stream.
//
// The stream walks the types in the order given. Its page token is "TYPE|TOKEN" (the
// type to resume at, and that type's own token). Types that finish within the call
// are joined into the same ABI page, so a source fetched once in the call (SyncContext
// facts) serves every type that needs it; a page ends where a type has more pages.
//
// `Context` is the connector's own call context, derived from SyncContext.
#ifndef CONNECTOR_SDK_RESOURCE_SYNCER_HPP
#define CONNECTOR_SDK_RESOURCE_SYNCER_HPP

#include <connector/sdk.hpp>
#include <connector/sdk/sync_context.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace connector::sdk {

template <class Context>
class ResourceType {
 public:
  virtual ~ResourceType() = default;

  virtual std::string_view id() const = 0;  // eg: "user"
  // The list_resource_types item: {"id","display_name","traits":[...]}.
  virtual boost::json::object describe() const = 0;

  virtual void list_resources(Context& context, Page& page) const = 0;
  // `key`: the resource's key ("7" for role:7), or nullopt for every resource of the type.
  virtual void list_entitlements(Context& context, std::optional<std::string_view> key,
                                 Page& page) const = 0;
  virtual void list_grants(Context& context, std::optional<std::string_view> key,
                           Page& page) const = 0;
};

namespace detail {

// Where a stream token resumes: the index of its type in `type_ids`, and that type's
// own token. An empty token starts at the first type. Throws INVALID_ARGUMENT "bad
// page token" for a token this stream did not make.
struct StreamPosition {
  std::size_t type_index = 0;
  std::string_view type_token;
};
StreamPosition parse_stream_token(std::string_view token,
                                  const std::vector<std::string_view>& type_ids);
std::string stream_token(std::string_view type_id, std::string_view type_token);

// INVALID_ARGUMENT "unknown resource type 'X' (known: a, b)".
[[noreturn]] void refuse_unknown_type(std::string_view id,
                                      const std::vector<std::string_view>& type_ids);
// The TYPE and KEY of `resource_id`; INVALID_ARGUMENT when it is not TYPE:ID.
std::pair<std::string, std::string> split_resource_id(std::string_view resource_id);

// Runs `body`, treating "the host wants no more items" as a successful end.
template <class Body>
void until_host_stops(Body&& body) {
  try {
    body();
  } catch (const HostStopped&) {
  }
}

}  // namespace detail

template <class Context>
class ResourceSyncer {
 public:
  using Type = ResourceType<Context>;

  // The types in the order a full listing walks them (principals first, so a host
  // syncing in this order knows every principal before the grants that name them).
  explicit ResourceSyncer(std::vector<std::unique_ptr<const Type>> types)
      : types_(std::move(types)) {
    for (const auto& type : types_) ids_.push_back(type->id());
  }

  const std::vector<std::unique_ptr<const Type>>& types() const noexcept { return types_; }

  // nullptr for an unknown type id.
  const Type* find(std::string_view id) const {
    for (const auto& type : types_) {
      if (type->id() == id) return type.get();
    }
    return nullptr;
  }

  void list_resource_types(const Call& call) const {
    for (const auto& type : types_) {
      if (!call.emit(boost::json::serialize(type->describe()))) return;
    }
  }

  void list_resources(Context& context, const ListRequest& request) const {
    const Type& type = named(request.resource_type);
    detail::until_host_stops([&] {
      Page page{request.page_token, request.page_size, {}};
      type.list_resources(context, page);
      if (!page.next.empty()) context.call().next_page(page.next);
    });
  }

  void list_entitlements(Context& context, const ListRequest& request) const {
    list_of_resources(context, request, &Type::list_entitlements);
  }

  void list_grants(Context& context, const ListRequest& request) const {
    list_of_resources(context, request, &Type::list_grants);
  }

 private:
  using Listing = void (Type::*)(Context&, std::optional<std::string_view>, Page&) const;

  const Type& named(std::string_view id) const {
    const Type* type = find(id);
    if (type == nullptr) detail::refuse_unknown_type(id, ids_);
    return *type;
  }

  void list_of_resources(Context& context, const ListRequest& request, Listing listing) const {
    if (request.resource_id.empty()) {
      detail::until_host_stops([&] { list_stream(context, request, listing); });
      return;
    }
    const auto [type_id, key] = detail::split_resource_id(request.resource_id);
    const Type& type = named(type_id);
    // `key` is captured by an init-capture: clang before 16 refuses a structured
    // binding named inside a lambda (the fuzz build compiles this with clang 14).
    detail::until_host_stops([&, key = std::string_view(key)] {
      Page page{request.page_token, request.page_size, {}};
      (type.*listing)(context, key, page);
      if (!page.next.empty()) context.call().next_page(page.next);
    });
  }

  void list_stream(Context& context, const ListRequest& request, Listing listing) const {
    const detail::StreamPosition start = detail::parse_stream_token(request.page_token, ids_);
    std::string_view type_token = start.type_token;
    for (std::size_t index = start.type_index; index < types_.size(); ++index) {
      context.call().throw_if_cancelled();
      Page page{type_token, request.page_size, {}};
      ((*types_[index]).*listing)(context, std::nullopt, page);
      if (!page.next.empty()) {
        context.call().next_page(detail::stream_token(ids_[index], page.next));
        return;
      }
      type_token = {};
    }
  }

  std::vector<std::unique_ptr<const Type>> types_;
  std::vector<std::string_view> ids_;  // of types_, in order
};

}  // namespace connector::sdk

#endif  // CONNECTOR_SDK_RESOURCE_SYNCER_HPP
