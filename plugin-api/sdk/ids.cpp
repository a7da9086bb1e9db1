#include <connector/sdk/ids.hpp>

#include <vector>

namespace connector::sdk::ids {
namespace {

// Splits on ':' into exactly `parts` non-empty pieces, or nothing.
std::optional<std::vector<std::string>> split_exact(std::string_view text, std::size_t parts) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t colon = text.find(':', start);
    const std::string_view piece = text.substr(
        start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
    if (piece.empty()) return std::nullopt;
    out.emplace_back(piece);
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (out.size() != parts) return std::nullopt;
  return out;
}

}  // namespace

std::string resource(std::string_view type, std::string_view key) {
  std::string id;
  id.reserve(type.size() + 1 + key.size());
  id.append(type).append(":").append(key);
  return id;
}

std::string resource(std::string_view type, std::int64_t key) {
  return resource(type, std::to_string(key));
}

std::string entitlement(std::string_view resource_id, std::string_view slug) {
  return resource(resource_id, slug);
}

std::string grant(std::string_view entitlement_id, std::string_view principal_id) {
  return resource(entitlement_id, principal_id);
}

std::optional<ResourceId> parse_resource(std::string_view text) {
  auto parts = split_exact(text, 2);
  if (!parts) return std::nullopt;
  return ResourceId{std::move((*parts)[0]), std::move((*parts)[1])};
}

std::optional<EntitlementId> parse_entitlement(std::string_view text) {
  auto parts = split_exact(text, 3);
  if (!parts) return std::nullopt;
  return EntitlementId{ResourceId{std::move((*parts)[0]), std::move((*parts)[1])},
                       std::move((*parts)[2])};
}

}  // namespace connector::sdk::ids
