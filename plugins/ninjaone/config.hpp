// The connector's configuration: the manifest's "config" object (with secret
// references resolved by the host) checked against config_schema.json, which alone
// describes every field (its type, range, default), and turned into the SDK client's
// ClientOptions plus the settings the resource files use.
#ifndef NINJAONE_CONFIG_HPP
#define NINJAONE_CONFIG_HPP

#include <optional>
#include <string>
#include <string_view>

#include "api/ninjaone_api.hpp"
#include "tickets/ticket_settings.hpp"

namespace ninjaone {

struct Config {
  client::ClientOptions client;
  bool include_technicians = true;
  bool include_end_users = true;
  bool organization_membership_provisionable = false;
  // Key of the one `tenant` resource: the base_url host, eg: "app.ninjarmm.com".
  std::string tenant_key;
  // How grant/revoke change a role: "direct" (add-members / remove-members) or
  // "ticket" (open a NinjaOne ticket from `ticket`; see tickets/ticketing.hpp). The
  // host copies the manifest's provisioning.mode here.
  std::string provisioning_mode = "direct";
  std::optional<tickets::TicketSettings> ticket;  // config.ticket; required in ticket mode
};

// Checks the config against the schema (connector::sdk::ConfigReader), then what a
// schema cannot say (http:// only with allow_insecure_http and to a loopback host; an
// unresolved secret reference; ticket mode's needs). Throws
// connector::sdk::Error(CONN_INVALID_ARGUMENT, "config.FIELD: ...") naming the field;
// never quotes a secret.
Config parse_config(std::string_view config_json);

// Base URL of a NinjaOne region ("us", "eu", ...); nullopt for an unknown region.
std::optional<std::string> region_base_url(std::string_view region);

// The JSON Schema of the configuration (config_schema.json, embedded at build time).
std::string_view config_schema();

}  // namespace ninjaone

#endif  // NINJAONE_CONFIG_HPP
