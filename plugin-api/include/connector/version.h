/* Version of the connector plugin ABI.
 *
 * MAJOR changes only when something is removed or reordered; MINOR when something
 * is appended. A host refuses a plugin built for another MAJOR. Within one MAJOR,
 * every struct starts with `struct_size`: a member that lies beyond `struct_size`,
 * or a NULL function pointer, means "not supported".
 *
 * What each MINOR appended:
 *   1.0  the first ABI.
 *   1.1  conn_host.add_to_counter (plugin counters the host exports as metrics).
 *   1.2  conn_list_request.walk_id and conn_plugin.end_walk (a sync's calls may share
 *        what the plugin fetched; see requests.h).
 *   1.3  conn_descriptor.profile_schema (the JSON Schema of create_account's profile,
 *        so a host can show it). */
#ifndef CONNECTOR_VERSION_H
#define CONNECTOR_VERSION_H

#include <stddef.h> /* offsetof */
#include <stdint.h>

#define CONN_ABI_MAJOR 1u
#define CONN_ABI_MINOR 3u

/* True when `s` (a pointer to any ABI struct) is large enough to contain `member`.
 * Use it before reading any member that was appended after MINOR 0. */
#define CONN_HAS_MEMBER(s, type, member) \
  ((s)->struct_size >= (uint32_t)(offsetof(type, member) + sizeof(((type*)0)->member)))

#endif /* CONNECTOR_VERSION_H */
