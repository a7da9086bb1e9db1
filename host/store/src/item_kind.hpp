// The four kinds of item a sync stores (internal). The numbers are what
// item_versions.kind holds: never renumber them.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace connector::store::detail {

enum class ItemKind : std::uint8_t { resource_type = 0, resource = 1, entitlement = 2, grant = 3 };

inline constexpr std::array<ItemKind, 4> kItemKinds{ItemKind::resource_type, ItemKind::resource,
                                                    ItemKind::entitlement, ItemKind::grant};

inline constexpr int to_int(ItemKind kind) { return static_cast<int>(kind); }

// "resource_type", "resource", "entitlement", "grant": the names export and history print.
inline constexpr std::string_view kind_name(ItemKind kind) {
  constexpr std::array<std::string_view, 4> names{"resource_type", "resource", "entitlement",
                                                  "grant"};
  return names[static_cast<std::size_t>(kind)];
}

}  // namespace connector::store::detail
