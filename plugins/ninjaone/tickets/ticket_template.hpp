// Ticket text from a template: `{name}` placeholders replaced by the request's values.
// Templates are checked when the config is read, so a typo in a placeholder is an
// error at `create`, not a ticket that says "{princpal_name}".
#ifndef NINJAONE_TICKETS_TICKET_TEMPLATE_HPP
#define NINJAONE_TICKETS_TICKET_TEMPLATE_HPP

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ninjaone::tickets {

// The placeholders a template may use.
inline constexpr std::string_view kPlaceholders[] = {
    "operation",      "entitlement",     "role_name", "principal",
    "principal_name", "principal_email", "requester"};

// The first `{name}` of `text` that is not a known placeholder, or an unclosed `{`;
// nullopt when every placeholder is known. `{{` and `}}` are a literal brace.
std::optional<std::string> find_bad_placeholder(std::string_view text);

// `text` with each `{name}` replaced by values[name] (a checked template only uses
// known names; a name missing from `values` renders empty) and `{{`/`}}` by a brace.
std::string render_template(std::string_view text,
                            const std::map<std::string, std::string>& values);

// `text` cut to at most `max_bytes` bytes, ending in "…" when cut, never in the
// middle of a UTF-8 sequence (NinjaOne limits a ticket's subject to 200).
std::string truncate_with_ellipsis(std::string_view text, std::size_t max_bytes);

}  // namespace ninjaone::tickets

#endif  // NINJAONE_TICKETS_TICKET_TEMPLATE_HPP
