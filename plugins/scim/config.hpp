// The SCIM connector's configuration: the manifest's "config" object (secret
// references resolved by the host) checked against config_schema.json, which alone
// describes every field, and turned into the SDK client's options and a page size.
#ifndef SCIM_CONFIG_HPP
#define SCIM_CONFIG_HPP

#include <connector/sdk/http/client_options.hpp>

#include <string_view>

namespace scim {

struct Config {
  connector::sdk::http::ClientOptions client;
  int page_size = 100;  // the SCIM `count` of a listing page
};

// Throws connector::sdk::Error(CONN_INVALID_ARGUMENT, "config.FIELD: ...") naming the
// field; never quotes a secret.
Config parse_config(std::string_view config_json);

}  // namespace scim

#endif  // SCIM_CONFIG_HPP
