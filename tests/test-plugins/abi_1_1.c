/* A plugin built before walks: its table ends where ABI 1.1 ended, before end_walk
 * (appended in 1.2), its descriptor before profile_schema (1.3), and it never reads
 * conn_list_request.walk_id. It lists one user and no entitlements or grants, so a
 * host can sync it.
 *
 * The bytes past a real 1.1 plugin's table are whatever follows it in the library;
 * here they hold an end_walk that aborts, so a host that reads a member beyond
 * `struct_size` crashes the test instead of passing by luck.
 *
 * Written in C, not with the SDK: the SDK always fills the table of the minor it
 * was compiled with. */
#include <stddef.h>
#include <stdlib.h>

#include <connector/abi.h>

static const char* const capabilities[] = {CONN_CAP_LIST, NULL};

/* A 1.1 descriptor ends at config_schema. The profile_schema past it is poison: a
 * host that reads beyond struct_size refuses the plugin (not a JSON Schema). */
static const conn_descriptor descriptor = {
    .struct_size = (uint32_t)offsetof(conn_descriptor, profile_schema),
    .id = "abi-1-1",
    .name = "ABI 1.1",
    .version = "1.1.0",
    .vendor = "connector-host tests",
    .description = "A plugin built against ABI 1.1: no end_walk",
    .capabilities = capabilities,
    .config_schema = "{\"type\":\"object\"}",
    .profile_schema = "past struct_size: not a JSON Schema",
};

/* Instances carry no state; any non-NULL pointer will do. */
static char instance_token;

static conn_str literal(const char* text, size_t size) {
  conn_str s;
  s.data = text;
  s.size = size;
  return s;
}
#define LITERAL(text) literal(text, sizeof(text) - 1)

static conn_instance* create(const conn_host* host, conn_str config_json, const conn_call* call) {
  (void)host;
  (void)config_json;
  (void)call;
  return (conn_instance*)&instance_token;
}

static void destroy(conn_instance* instance) { (void)instance; }

static conn_status list_resource_types(conn_instance* instance, const conn_call* call) {
  (void)instance;
  call->emit(call, LITERAL("{\"id\":\"user\",\"display_name\":\"User\",\"traits\":[\"user\"]}"));
  return CONN_OK;
}

static conn_status list_resources(conn_instance* instance, const conn_call* call,
                                  const conn_list_request* request) {
  (void)instance;
  (void)request;
  call->emit(call, LITERAL("{\"id\":\"user:1\",\"type\":\"user\",\"display_name\":\"Ada\","
                           "\"traits\":[\"user\"],\"status\":\"enabled\",\"profile\":{}}"));
  return CONN_OK;
}

static conn_status list_nothing(conn_instance* instance, const conn_call* call,
                                const conn_list_request* request) {
  (void)instance;
  (void)call;
  (void)request;
  return CONN_OK;
}

static void end_walk_past_the_table(conn_instance* instance, conn_str walk_id) {
  (void)instance;
  (void)walk_id;
  abort();
}

static const conn_plugin plugin = {
    .struct_size = (uint32_t)offsetof(conn_plugin, end_walk),
    .abi_major = CONN_ABI_MAJOR,
    .abi_minor = 1,
    .descriptor = &descriptor,
    .create = create,
    .destroy = destroy,
    .list_resource_types = list_resource_types,
    .list_resources = list_resources,
    .list_entitlements = list_nothing,
    .list_grants = list_nothing,
    .end_walk = end_walk_past_the_table,
};

const conn_plugin* conn_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor) {
  (void)host_abi_minor;
  return host_abi_major == CONN_ABI_MAJOR ? &plugin : NULL;
}
