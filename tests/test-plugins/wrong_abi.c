/* A plugin that speaks ABI major 2 only. Its entry answers NULL to a host of any
 * other major, which is what the ABI asks of a plugin that cannot serve the host;
 * the host must skip it and say which major it asked for.
 *
 * Written in C, not with the SDK: the SDK always speaks the major it was compiled
 * with, and this fault needs another. */
#include <stddef.h>

#include <connector/abi.h>

static const char* const capabilities[] = {NULL};

static const conn_descriptor descriptor = {
    .struct_size = sizeof(conn_descriptor),
    .id = "wrong-abi",
    .name = "Wrong ABI",
    .version = "2.0.0",
    .vendor = "connector-host tests",
    .description = "Serves ABI major 2 only",
    .capabilities = capabilities,
    .config_schema = "{\"type\":\"object\"}",
};

/* What a major-2 host would get. Its operations are all NULL: no host ever calls
 * them, since a major-1 host never receives this table. */
static const conn_plugin plugin_v2 = {
    .struct_size = sizeof(conn_plugin),
    .abi_major = 2,
    .abi_minor = 0,
    .descriptor = &descriptor,
};

const conn_plugin* conn_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor) {
  (void)host_abi_minor;
  return host_abi_major == 2 ? &plugin_v2 : NULL;
}
