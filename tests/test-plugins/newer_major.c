/* A plugin that ignores version negotiation: whatever major the host asks for, its
 * entry answers a table built for ABI major 2. The host must check `abi_major` in
 * the table itself, refuse the plugin and name both majors, and never call into a
 * table whose layout it does not know.
 *
 * Written in C, not with the SDK: the SDK negotiates correctly, and this fault
 * needs a plugin that does not. */
#include <stddef.h>

#include <connector/abi.h>

static const char* const capabilities[] = {NULL};

static const conn_descriptor descriptor = {
    .struct_size = sizeof(conn_descriptor),
    .id = "newer-major",
    .name = "Newer major",
    .version = "2.0.0",
    .vendor = "connector-host tests",
    .description = "Answers every host with an ABI major 2 table",
    .capabilities = capabilities,
    .config_schema = "{\"type\":\"object\"}",
};

/* Operations are NULL: a host must refuse this table before calling anything. */
static const conn_plugin plugin_v2 = {
    .struct_size = sizeof(conn_plugin),
    .abi_major = 2,
    .abi_minor = 0,
    .descriptor = &descriptor,
};

const conn_plugin* conn_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor) {
  (void)host_abi_major;
  (void)host_abi_minor;
  return &plugin_v2;
}
