/* A plugin whose library constructor appends a line to the file named by
 * $CONNECTOR_TEST_CONSTRUCTOR_MARKER (when set). A constructor runs inside dlopen,
 * before the host can look at the library, so the marker proves whether the host
 * opened a library at all: the security tests copy this one into a directory (or
 * with a mode) the host must refuse, and check that the marker never appears.
 *
 * Built into its own directory, not the shared test plugin directory, so that other
 * tests never load it. Otherwise a minimal valid plugin (id "constructor-marker"),
 * so that a trusted copy shows that it does load and does mark. C. */
#include <stdio.h>
#include <stdlib.h>

#include <connector/abi.h>

__attribute__((constructor)) static void mark_loaded(void) {
  const char* path = getenv("CONNECTOR_TEST_CONSTRUCTOR_MARKER");
  if (path == NULL || *path == '\0') return;
  FILE* marker = fopen(path, "a");
  if (marker == NULL) return;
  fputs("constructor ran\n", marker);
  fclose(marker);
}

static const char* const capabilities[] = {NULL};

static const conn_descriptor descriptor = {
    .struct_size = sizeof(conn_descriptor),
    .id = "constructor-marker",
    .name = "Constructor marker",
    .version = "1.0.0",
    .vendor = "connector-host tests",
    .description = "Marks a file from its library constructor",
    .capabilities = capabilities,
    .config_schema = "{\"type\":\"object\"}",
};

static char instance_token; /* instances carry no state */

static conn_instance* create(const conn_host* host, conn_str config_json, const conn_call* call) {
  (void)host;
  (void)config_json;
  (void)call;
  return (conn_instance*)&instance_token;
}

static void destroy(conn_instance* instance) { (void)instance; }

static const conn_plugin plugin = {
    .struct_size = sizeof(conn_plugin),
    .abi_major = CONN_ABI_MAJOR,
    .abi_minor = CONN_ABI_MINOR,
    .descriptor = &descriptor,
    .create = create,
    .destroy = destroy,
};

const conn_plugin* conn_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor) {
  (void)host_abi_minor;
  return host_abi_major == CONN_ABI_MAJOR ? &plugin : NULL;
}
