// Reads the few members the store keeps out of an item's JSON text in one pass
// (internal), without building a JSON tree: Boost.JSON's SAX parser (basic_parser)
// checks the whole text and reports each token, and only the top-level "id",
// "type", "resource", "entitlement" and "principal" strings and the "traits" array
// are looked at. A sync scans each of hundreds of thousands of items this way, so
// no item costs an allocation once the scanner's buffers are warm.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "item_kind.hpp"

namespace connector::store::detail {

// What a scan found; the views point into the scanner's buffers (decoded strings),
// valid until its next scan.
struct ScannedItem {
  std::string_view id;
  std::string_view type;         // resource
  std::string_view resource;     // entitlement
  std::string_view entitlement;  // grant
  std::string_view principal;    // grant
  bool is_user = false;          // resource: of type "user" or with the "user" trait
};

class ItemScanner {
 public:
  ItemScanner();
  ~ItemScanner();
  ItemScanner(const ItemScanner&) = delete;
  ItemScanner& operator=(const ItemScanner&) = delete;

  // Scans `json`, which must be one JSON object holding what the store needs of a
  // `kind` item (a non-empty "id" string; a resource's "type", an entitlement's
  // "resource", a grant's "entitlement" and "principal"). Of a member given twice,
  // the last counts, as when the text is parsed. Throws InvalidItemError.
  ScannedItem scan(ItemKind kind, std::string_view json);

 private:
  struct Handler;
  struct Parser;
  std::unique_ptr<Parser> parser_;
};

}  // namespace connector::store::detail
