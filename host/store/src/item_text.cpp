#include "item_text.hpp"

namespace connector::store::detail {
namespace {

// The text around the three values; item_text() concatenates the same pieces.
constexpr std::string_view kBeforeId = R"({"id":")";
constexpr std::string_view kBeforeEntitlement = R"(","entitlement":")";
constexpr std::string_view kBeforePrincipal = R"(","principal":")";
constexpr std::string_view kAfterPrincipal = R"("})";

bool rebuilt_exactly(const ItemRecord& item) {
  if (item.kind != ItemKind::grant || !item.entitlement || !item.principal) return false;
  const std::string_view id = item.id;
  const std::string_view entitlement = *item.entitlement;
  const std::string_view principal = *item.principal;
  const std::size_t size = kBeforeId.size() + id.size() + kBeforeEntitlement.size() +
                           entitlement.size() + kBeforePrincipal.size() + principal.size() +
                           kAfterPrincipal.size();
  // Reading concatenates the same pieces, so equal bytes are all it takes, whatever
  // the values hold: a value with an escape in the text differs from its decoded self.
  if (item.json.size() != size) return false;
  std::string_view rest = item.json;
  for (const std::string_view piece : {kBeforeId, id, kBeforeEntitlement, entitlement,
                                       kBeforePrincipal, principal, kAfterPrincipal}) {
    if (!rest.starts_with(piece)) return false;
    rest.remove_prefix(piece.size());
  }
  return true;
}

// `text` as an SQL string literal (the pieces above hold no single quote).
std::string literal(std::string_view text) { return "'" + std::string(text) + "'"; }

}  // namespace

std::string_view stored_text(const ItemRecord& item) {
  // Not a default string_view: SQLite binds a null pointer as NULL, not as "".
  return rebuilt_exactly(item) ? std::string_view("", 0) : item.json;
}

std::string item_text_columns(std::string_view alias) {
  const std::string a = alias.empty() ? std::string() : std::string(alias) + ".";
  return a + "json, " + a + "id, " + a + "entitlement, " + a + "principal";
}

std::string_view ItemTextReader::text(const Statement& row, int first) {
  const std::string_view json = row.text_view(first);
  if (!json.empty()) return json;
  buffer_.clear();
  for (const std::string_view piece :
       {kBeforeId, row.text_view(first + 1), kBeforeEntitlement, row.text_view(first + 2),
        kBeforePrincipal, row.text_view(first + 3), kAfterPrincipal}) {
    buffer_ += piece;
  }
  return buffer_;
}

std::string item_text(std::string_view alias) {
  const std::string a = alias.empty() ? std::string() : std::string(alias) + ".";
  return "CASE WHEN " + a + "json = '' THEN " + literal(kBeforeId) + " || " + a + "id || " +
         literal(kBeforeEntitlement) + " || " + a + "entitlement || " + literal(kBeforePrincipal) +
         " || " + a + "principal || " + literal(kAfterPrincipal) + " ELSE " + a + "json END";
}

}  // namespace connector::store::detail
