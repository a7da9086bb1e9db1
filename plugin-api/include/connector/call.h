/* The call context: the host's side of one operation call.
 *
 * The host makes one `conn_call` per operation call and passes it to the plugin.
 * Results do not cross as memory the plugin allocates: the plugin pushes each item,
 * one JSON object, into `emit`, and the host copies it before `emit` returns.
 * Nothing is freed across the boundary.
 *
 * Lifetime: valid from the moment the operation is entered until it returns. The
 * plugin must not keep the pointer, and must not call any of these functions after
 * the operation returned.
 * Threading: the functions may be called from any thread the plugin uses to serve
 * this call, but not concurrently for the same call unless noted [thread-safe]. */
#ifndef CONNECTOR_CALL_H
#define CONNECTOR_CALL_H

#include <stdint.h>

#include "status.h"
#include "str.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct conn_call conn_call;

struct conn_call {
  uint32_t struct_size; /* sizeof(conn_call) as the host compiled it */

  /* Opaque to the plugin; owned by the host. */
  void* host_data;

  /* Returns non-zero once the host wants the call to stop (shutdown, Ctrl-C,
   * deadline). Poll it between remote requests; on non-zero, return CONN_CANCELLED.
   * [thread-safe] */
  int (*cancelled)(const conn_call* call);

  /* Milliseconds left before the call's deadline: 0 when it has passed, -1 when the
   * call has no deadline. Use it to bound timeouts of remote requests.
   * [thread-safe] */
  int64_t (*remaining_ms)(const conn_call* call);

  /* Pushes one result item: a UTF-8 JSON object in the shape DESIGN section 4 fixes
   * for the operation (resource, entitlement, grant, grant result, ...). The host
   * copies `item_json` before returning. Returns 1 to go on, 0 when the host wants
   * no more items (it has enough, or it is cancelling): the plugin then stops and
   * returns CONN_OK (or CONN_CANCELLED if `cancelled` says so). */
  int (*emit)(const conn_call* call, conn_str item_json);

  /* List operations only: sets the token the host passes back to fetch the next
   * page. Not calling it, or passing an empty token, means this was the last page.
   * A token is opaque to the host, at most 4096 bytes; the host copies it. */
  void (*next_page)(const conn_call* call, conn_str page_token);

  /* Reports why the operation failed; call it once, just before returning the same
   * non-OK status. `message` is one line for a person; it must not contain secrets.
   * `details_json` is an optional JSON object (empty when none), e.g.
   * {"retry_after_ms":1500,"http_status":429,"incident_id":"...","request_id":"..."}.
   * The host copies both. */
  void (*fail)(const conn_call* call, conn_status status, conn_str message, conn_str details_json);
};

#ifdef __cplusplus
}
#endif

#endif /* CONNECTOR_CALL_H */
