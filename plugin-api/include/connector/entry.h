/* The one symbol a plugin library exports. */
#ifndef CONNECTOR_ENTRY_H
#define CONNECTOR_ENTRY_H

#include <stdint.h>

#include "plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CONN_PLUGIN_ENTRY_SYMBOL "conn_plugin_entry"

#if defined(_WIN32)
#define CONN_EXPORT __declspec(dllexport)
#else
#define CONN_EXPORT __attribute__((visibility("default")))
#endif

/* Returns the plugin's table for a host speaking ABI `host_abi_major`.`host_abi_minor`,
 * or NULL when the plugin cannot serve that major. The table and everything it
 * points to is owned by the plugin and stays valid while the library is loaded.
 * Must not fail otherwise, allocate per call, or start threads.
 * [any thread; the host calls it once, right after loading the library] */
typedef const conn_plugin* (*conn_plugin_entry_fn)(uint32_t host_abi_major,
                                                   uint32_t host_abi_minor);

CONN_EXPORT const conn_plugin* conn_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor);

#ifdef __cplusplus
}
#endif

#endif /* CONNECTOR_ENTRY_H */
