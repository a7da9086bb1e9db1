/* A plugin: its descriptor and its operations.
 *
 * Every operation returns a conn_status. Before returning anything but CONN_OK it
 * calls `call->fail` once with a message. Results go out through `call->emit`, one
 * JSON item at a time, in the shapes DESIGN section 4 fixes. No C++ exception, and
 * no memory the host would have to free, ever crosses this boundary.
 *
 * Threading: `create` and `destroy` are called by one host thread, never while any
 * other call on that instance runs. Every other operation may be called from
 * several host threads at once on the same instance, each with its own `conn_call`,
 * unless the descriptor lacks the "concurrent-calls" capability, in which case the
 * host serializes calls per instance. An operation blocks its calling thread until
 * done; it may use threads of its own, all joined before it returns.
 *
 * Optional operations: a NULL pointer (or one beyond `struct_size`) means the
 * plugin does not support the operation; the host answers UNIMPLEMENTED itself
 * (or, for `end_walk`, has nothing to end). */
#ifndef CONNECTOR_PLUGIN_H
#define CONNECTOR_PLUGIN_H

#include <stdint.h>

#include "call.h"
#include "descriptor.h"
#include "host.h"
#include "requests.h"
#include "status.h"
#include "str.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One configured connector inside a plugin; opaque to the host, owned by the plugin
 * from `create` until `destroy`. */
typedef struct conn_instance conn_instance;

typedef struct conn_plugin {
  uint32_t struct_size; /* sizeof(conn_plugin) as the plugin compiled it */
  uint32_t abi_major;   /* CONN_ABI_MAJOR the plugin was compiled against */
  uint32_t abi_minor;   /* CONN_ABI_MINOR the plugin was compiled against */

  /* Owned by the plugin, valid while the library is loaded. */
  const conn_descriptor* descriptor;

  /* Makes an instance from the manifest's "config" object, already validated
   * against the descriptor's schema, with secret references resolved to their
   * values. `host` stays valid until `destroy` returns; `config_json` is borrowed
   * for this call only. Makes no remote call (see `validate`). Returns NULL after
   * `call->fail` on a config it cannot use.
   * [host control thread] */
  conn_instance* (*create)(const conn_host* host, conn_str config_json, const conn_call* call);

  /* Releases the instance; joins every thread the plugin started for it. The host
   * calls it exactly once per instance, after every other call on it returned.
   * [host control thread] */
  void (*destroy)(conn_instance* instance);

  /* Checks that the connector can work: credentials, permissions (scopes), reachability.
   * Emits one item {"check":"...","ok":true|false,"message":"..."} per check.
   * [thread-safe] */
  conn_status (*validate)(conn_instance* instance, const conn_call* call);

  /* Emits one item per resource type: {"id":"user","display_name":"User","traits":["user"]}.
   * [thread-safe] */
  conn_status (*list_resource_types)(conn_instance* instance, const conn_call* call);

  /* Emits one page of resources of `request->resource_type`, then sets next_page.
   * [thread-safe] */
  conn_status (*list_resources)(conn_instance* instance, const conn_call* call,
                                const conn_list_request* request);

  /* Emits one page of the entitlements of `request->resource_id` (of every resource
   * when it is empty).
   * [thread-safe] */
  conn_status (*list_entitlements)(conn_instance* instance, const conn_call* call,
                                   const conn_list_request* request);

  /* Emits one page of the grants on the entitlements of `request->resource_id` (of
   * every resource when it is empty).
   * [thread-safe] */
  conn_status (*list_grants)(conn_instance* instance, const conn_call* call,
                             const conn_list_request* request);

  /* Grants an entitlement to a principal. Emits exactly one result item:
   * {"status":"granted|already_granted|pending", "operation"?:{...}}, or with dry_run
   * the would-be requests (see conn_grant_request). Not retried by the host.
   * [thread-safe] */
  conn_status (*grant)(conn_instance* instance, const conn_call* call,
                       const conn_grant_request* request);

  /* Revokes; as `grant`, with "revoked|already_revoked|pending".
   * [thread-safe] */
  conn_status (*revoke)(conn_instance* instance, const conn_call* call,
                        const conn_grant_request* request);

  /* Creates an account; emits the created resource.
   * [thread-safe] */
  conn_status (*create_account)(conn_instance* instance, const conn_call* call,
                                const conn_account_request* request);

  /* Deletes an account; emits {"status":"deleted|already_deleted"}.
   * [thread-safe] */
  conn_status (*delete_account)(conn_instance* instance, const conn_call* call,
                                const conn_account_request* request);

  /* Reads the state of a pending operation; emits one item
   * {"id":"...","kind":"ticket","state":"open|pending|done|rejected","detail":"..."}.
   * [thread-safe] */
  conn_status (*get_operation)(conn_instance* instance, const conn_call* call,
                               const conn_operation_request* request);

  /* ABI 1.2. Ends the walk `walk_id` (see conn_list_request.walk_id): the plugin
   * frees whatever it kept to serve that walk's calls. The host calls it exactly once
   * per walk it started, when the walk ends however it ends (success, failure or
   * cancel), after every call of the walk returned, and before `destroy`. An id the
   * plugin kept nothing for (or no longer keeps) is ignored. `walk_id` is borrowed for
   * this call. NULL (or beyond `struct_size`): the plugin keeps nothing across calls.
   * [thread-safe] May run while calls of other walks run on the same instance. */
  void (*end_walk)(conn_instance* instance, conn_str walk_id);
} conn_plugin;

#ifdef __cplusplus
}
#endif

#endif /* CONNECTOR_PLUGIN_H */
