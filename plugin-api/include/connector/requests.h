/* Arguments of the plugin operations. Each is a struct that starts with
 * `struct_size`, so members can be appended within one ABI major.
 * Ownership: owned by the host, borrowed for the duration of the call. */
#ifndef CONNECTOR_REQUESTS_H
#define CONNECTOR_REQUESTS_H

#include <stdint.h>

#include "str.h"

#ifdef __cplusplus
extern "C" {
#endif

/* list_resources, list_entitlements, list_grants. */
typedef struct conn_list_request {
  uint32_t struct_size;
  conn_str resource_type; /* list_resources: the type to list, eg: "user" */
  /* list_entitlements, list_grants: eg: "role:7". Empty: those of every resource,
   * as one paged stream; a full sync uses this so that a plugin whose API returns
   * many resources' grants in one response (NinjaOne's roles with members) makes
   * one request, not one per resource. */
  conn_str resource_id;
  conn_str page_token; /* empty for the first page, then what next_page gave */
  uint32_t page_size;  /* a hint; 0 lets the plugin choose */

  /* ABI 1.2. Names the walk this call belongs to, eg: "9f86d081884c7d659a2feaa0c55ad015":
   * calls that carry the same non-empty walk id are one consistent read of the
   * connector (a sync: resource types, resources of each type, then entitlements and
   * grants). The plugin MAY serve such a call from data it fetched earlier in the same
   * walk instead of asking its remote API again, so the host uses a fresh id for each
   * walk and must not expect a change made during the walk to show up in it. Empty
   * (or beyond `struct_size`, from an older host): a call of its own, answered from
   * fresh data. The host ends the walk with `conn_plugin.end_walk`. */
  conn_str walk_id;
} conn_list_request;

/* grant and revoke. */
typedef struct conn_grant_request {
  uint32_t struct_size;
  conn_str entitlement_id; /* eg: "role:7:member" */
  conn_str principal_id;   /* eg: "user:101" */
  /* Non-zero: send no write; emit one item
   * {"dry_run":{"method":"PATCH","path":"/v2/...","body":...}} per request that
   * would be sent (reads needed to decide may still be made). */
  int32_t dry_run;
} conn_grant_request;

/* create_account and delete_account. */
typedef struct conn_account_request {
  uint32_t struct_size;
  conn_str resource_type; /* create_account: eg: "user" */
  conn_str profile_json;  /* create_account: a JSON object, eg: {"userType":"TECHNICIAN",...} */
  conn_str resource_id;   /* delete_account: eg: "user:101" */
  int32_t dry_run;        /* as in conn_grant_request */
} conn_account_request;

/* get_operation. */
typedef struct conn_operation_request {
  uint32_t struct_size;
  /* The "operation" object a grant or revoke answered with, as the host stored it,
   * eg: {"id":"ticket:88","kind":"ticket","ticket_id":88}. */
  conn_str operation_json;
} conn_operation_request;

#ifdef __cplusplus
}
#endif

#endif /* CONNECTOR_REQUESTS_H */
