/* A shared library without the conn_plugin_entry symbol. It exports a function
 * under a near-miss name, as a plugin author who misspells the entry (or forgets
 * `extern "C"`) would: the host must report that the entry symbol is missing,
 * name the file, and go on loading the other plugins. */
#include <connector/abi.h>

CONN_EXPORT const conn_plugin* conn_plugin_entry_point(uint32_t host_abi_major,
                                                       uint32_t host_abi_minor);

const conn_plugin* conn_plugin_entry_point(uint32_t host_abi_major, uint32_t host_abi_minor) {
  (void)host_abi_major;
  (void)host_abi_minor;
  return NULL;
}
