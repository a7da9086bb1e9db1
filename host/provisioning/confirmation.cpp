#include "provisioning/confirmation.hpp"

#include <stdexcept>
#include <string>

#include "runtime/page_loop.hpp"

namespace connector::host::provisioning {
namespace {

// "role:7:member" -> "role:7": an entitlement id is its resource id and a slug.
std::string resource_of(std::string_view entitlement) {
  const std::size_t slug = entitlement.rfind(':');
  if (slug == std::string_view::npos || slug == 0 || entitlement.find(':') == slug) {
    throw std::invalid_argument("'" + std::string(entitlement) +
                                "' is not an entitlement id (TYPE:ID:SLUG)");
  }
  return std::string(entitlement.substr(0, slug));
}

bool is(const boost::json::object& item, std::string_view key, std::string_view value) {
  const auto* v = item.if_contains(key);
  return v != nullptr && v->is_string() && v->get_string() == value;
}

}  // namespace

std::string_view to_string(Confirmation confirmation) {
  return confirmation == Confirmation::confirmed ? "confirmed" : "not_confirmed";
}

Confirmation confirm_change(runtime::Instance& instance, std::string_view change,
                            std::string_view entitlement, std::string_view principal) {
  if (change != "grant" && change != "revoke") {
    throw std::invalid_argument("cannot confirm a '" + std::string(change) +
                                "': only grants and revokes are re-read");
  }
  runtime::ListQuery query;
  query.resource_id = resource_of(entitlement);
  bool holds = false;
  runtime::PageLoop(instance, runtime::ListOperation::grants, query)
      .run([&](boost::json::object&& grant) {
        if (is(grant, "entitlement", entitlement) && is(grant, "principal", principal))
          holds = true;
      });
  const bool wanted = change == "grant";
  return holds == wanted ? Confirmation::confirmed : Confirmation::not_confirmed;
}

}  // namespace connector::host::provisioning
