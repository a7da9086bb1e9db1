// Placeholders: the values `init` writes where only the user knows what goes, eg:
// "<fill in: OAuth client id of the NinjaOne API client app>".
//
// The manifest reader refuses a manifest that still holds one, naming every such
// field, before the plugin's schema sees it: a schema that accepts any string
// would otherwise take the placeholder for a value.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace connector::host::manifest {

// "<fill in: HINT>"; the hint is cut to its first sentence and at most 80 characters
// (at a character boundary), on one line.
std::string make_placeholder(std::string_view hint);

// True for a string of the form "<fill in...>" (what make_placeholder makes, and
// the same typed by hand, eg: "<fill in>").
bool is_placeholder(std::string_view text);

// The dotted paths (eg: "config.client_id", "config.tags[0]") of every placeholder
// string inside `value`, whose own path is `path`, in document order.
std::vector<std::string> placeholder_fields(const boost::json::value& value,
                                            const std::string& path);

}  // namespace connector::host::manifest
