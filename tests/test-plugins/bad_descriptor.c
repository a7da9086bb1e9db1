/* A plugin whose descriptor is invalid in two ways: its id is empty (manifests
 * could not name it) and its config schema is not valid JSON (manifests could not
 * be validated against it). The host must reject it at load time, say why, and go
 * on loading the other plugins.
 *
 * Written in C, not with the SDK: the SDK's descriptor comes from a PluginInfo the
 * author fills in, and this fault is about what the host accepts, whoever built it. */
#include <stddef.h>

#include <connector/abi.h>

static const char* const capabilities[] = {CONN_CAP_LIST, NULL};

static const conn_descriptor descriptor = {
    .struct_size = sizeof(conn_descriptor),
    .id = "",
    .name = "Bad descriptor",
    .version = "1.0.0",
    .vendor = "connector-host tests",
    .description = "Empty id and a config schema that is not JSON",
    .capabilities = capabilities,
    .config_schema = "{\"type\": \"object\", \"properties\": {",
};

/* create and destroy are present, so that the descriptor is the only thing wrong
 * with this plugin; a host must refuse it before calling either. */
static conn_instance* create(const conn_host* host, conn_str config_json, const conn_call* call) {
  static const char message[] = "this plugin's descriptor is invalid; it makes no instances";
  const conn_str text = {message, sizeof(message) - 1};
  const conn_str no_details = {NULL, 0};
  (void)host;
  (void)config_json;
  call->fail(call, CONN_FAILED_PRECONDITION, text, no_details);
  return NULL;
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
