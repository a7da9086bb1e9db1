/* What a plugin says about itself. */
#ifndef CONNECTOR_DESCRIPTOR_H
#define CONNECTOR_DESCRIPTOR_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Capability strings a plugin may list (others may be added; a host ignores the
 * ones it does not know). */
#define CONN_CAP_LIST "list"             /* list_resource_types/resources/entitlements/grants */
#define CONN_CAP_PROVISION "provision"   /* grant and revoke */
#define CONN_CAP_ACCOUNTS "accounts"     /* create_account and delete_account */
#define CONN_CAP_OPERATIONS "operations" /* pending operations and get_operation */
#define CONN_CAP_CONCURRENT "concurrent-calls" /* one instance may serve several calls at once */

/* Owned by the plugin; every pointer stays valid as long as the library is loaded.
 * All strings are NUL-terminated UTF-8. */
typedef struct conn_descriptor {
  uint32_t struct_size; /* sizeof(conn_descriptor) as the plugin compiled it */

  const char* id;          /* eg: "ninjaone"; [a-z0-9-]+, what manifests name in "plugin" */
  const char* name;        /* eg: "NinjaOne" */
  const char* version;     /* eg: "1.4.2", semantic versioning */
  const char* vendor;      /* eg: "connector-host project" */
  const char* description; /* eg: "Users, roles and organizations of a NinjaOne tenant" */

  /* NULL-terminated array of capability strings, eg: {"list", "provision", NULL}. */
  const char* const* capabilities;

  /* JSON Schema (draft 7) of the manifest's "config" object, eg:
   * {"type":"object","required":["base_url"],"properties":{...}}.
   * The host validates every manifest against it before `create`. A field holding a
   * secret is marked "x-secret": true so the host knows to resolve and redact it. A
   * field's "x-error-message" (eg: "a count of at least 1 and a unit, eg: 7d") is what
   * the host says when the field breaks its schema, in place of the validator's text. */
  const char* config_schema;

  /* ABI 1.3. JSON Schema (draft 7) of the profile create_account takes, eg:
   * {"type":"object","required":["email"],"properties":{"email":{...}}}, or NULL
   * when the plugin declares none (then the plugin alone checks profiles). The host
   * shows it (`connector-host describe`); a host older than 1.3 never reads it. */
  const char* profile_schema;
} conn_descriptor;

#ifdef __cplusplus
}
#endif

#endif /* CONNECTOR_DESCRIPTOR_H */
