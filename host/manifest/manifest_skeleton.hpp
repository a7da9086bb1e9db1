// The manifest `init` writes for a new connector: DESIGN section 7's fields, the
// connector disabled until its owner is ready, and every setting the plugin's config
// schema requires, nothing else:
//   - a secret field ("x-secret") as {"env": "<ID>_<FIELD>"}, eg: connector
//     ninjaone-prod, field client_secret: NINJAONE_PROD_CLIENT_SECRET;
//   - a field with a "const" or a "default" as that value;
//   - any other as a placeholder ("<fill in: ...>", placeholders.hpp), which the
//     manifest reader refuses until it is replaced.
// A required object field is written with its own required fields; a field required
// only inside an optional object (ticket.organization_id) is left out with it.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "loader/plugin_descriptor.hpp"

namespace connector::host::manifest {

struct ManifestSkeleton {
  boost::json::object document;
  std::vector<std::string> to_fill_in;   // eg: "config.client_id", in document order
  std::vector<std::string> environment;  // eg: "NINJAONE_PROD_CLIENT_SECRET"
};

// `connector_id` must already be a connector id (manifest_reader.hpp).
ManifestSkeleton manifest_skeleton(std::string_view connector_id,
                                   const loader::PluginDescriptor& plugin);

// The environment variable `init` names for a secret: connector id and field path,
// upper-case, every other character '_' (ninjaone-prod, auth.token:
// NINJAONE_PROD_AUTH_TOKEN); "CONNECTOR_" first when that would start with a digit.
std::string secret_variable_name(std::string_view connector_id, std::string_view field_path);

}  // namespace connector::host::manifest
