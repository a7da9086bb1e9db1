// The scope of an access review: entitlement ids matched against shell-style globs
// (fnmatch(3) without flags: `*` and `?` match any character, ':' included, and
// [...] a set), eg `role:*:member` or `tenant:*:administrator`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace connector::host::review {

// True when `entitlement` matches one of `globs`, or `globs` is empty (everything).
bool in_scope(const std::vector<std::string>& globs, std::string_view entitlement);

// Throws HostError(usage) for a glob that cannot match an entitlement id: empty, or
// with an unclosed '['.
void check_globs(const std::vector<std::string>& globs);

}  // namespace connector::host::review
