/* The ABI headers are C. This file includes them from a C99 translation unit
 * compiled with -std=c99 -Wall -Wextra -Wpedantic -Werror (see CMakeLists.txt), so
 * any C++ that slips into them (a reference, `bool`, a default argument, a
 * namespace, `//` is fine in C99) breaks the build. It then uses every struct from
 * C, a tiny plugin and host written in C talking to each other, and checks the
 * layout rules the ABI promises: `struct_size` first in every struct, fixed-width
 * status codes, and CONN_HAS_MEMBER. Exit status 0 means every check held. */
#include <connector/abi.h>

#include <stdio.h>
#include <string.h>

static int failures = 0;

#define CHECK(condition)                                                            \
  do {                                                                              \
    if (!(condition)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
      ++failures;                                                                   \
    }                                                                               \
  } while (0)

/* ---- a plugin, in C ---------------------------------------------------- */

static conn_status c_list_resource_types(conn_instance* instance, const conn_call* call) {
  static const char item[] = "{\"id\":\"user\",\"display_name\":\"User\",\"traits\":[\"user\"]}";
  conn_str json;
  (void)instance;
  json.data = item;
  json.size = sizeof(item) - 1;
  if (call->cancelled(call)) {
    conn_str message = {"cancelled", 9};
    conn_str none = {NULL, 0};
    call->fail(call, CONN_CANCELLED, message, none);
    return CONN_CANCELLED;
  }
  call->emit(call, json);
  return CONN_OK;
}

static const char* const c_capabilities[] = {CONN_CAP_LIST, NULL};
static const conn_descriptor c_descriptor = {sizeof(conn_descriptor),
                                             "c-plugin",
                                             "C plugin",
                                             "1.0.0",
                                             "tests",
                                             "written in C",
                                             c_capabilities,
                                             "{\"type\":\"object\"}",
                                             NULL};

/* ---- a host, in C ------------------------------------------------------ */

struct recorder {
  int emitted;
  int cancel;
  conn_status failed;
  char last_item[128];
};

static int rec_cancelled(const conn_call* call) {
  return ((struct recorder*)call->host_data)->cancel;
}
static int64_t rec_remaining(const conn_call* call) {
  (void)call;
  return -1;
}
static int rec_emit(const conn_call* call, conn_str item) {
  struct recorder* r = (struct recorder*)call->host_data;
  size_t n = item.size < sizeof(r->last_item) - 1 ? item.size : sizeof(r->last_item) - 1;
  memcpy(r->last_item, item.data, n);
  r->last_item[n] = '\0';
  ++r->emitted;
  return 1;
}
static void rec_next_page(const conn_call* call, conn_str token) {
  (void)call;
  (void)token;
}
static void rec_fail(const conn_call* call, conn_status status, conn_str message,
                     conn_str details) {
  (void)message;
  (void)details;
  ((struct recorder*)call->host_data)->failed = status;
}

int main(void) {
  struct recorder rec;
  conn_call call;
  conn_plugin plugin;
  conn_list_request list;
  conn_grant_request grant;
  conn_account_request account;
  conn_operation_request operation;
  conn_host host;

  memset(&rec, 0, sizeof rec);
  memset(&plugin, 0, sizeof plugin);
  plugin.struct_size = sizeof plugin;
  plugin.abi_major = CONN_ABI_MAJOR;
  plugin.abi_minor = CONN_ABI_MINOR;
  plugin.descriptor = &c_descriptor;
  plugin.list_resource_types = c_list_resource_types;

  call.struct_size = sizeof call;
  call.host_data = &rec;
  call.cancelled = rec_cancelled;
  call.remaining_ms = rec_remaining;
  call.emit = rec_emit;
  call.next_page = rec_next_page;
  call.fail = rec_fail;

  /* A call goes through, and a cancelled one is reported through fail. */
  CHECK(plugin.list_resource_types(NULL, &call) == CONN_OK);
  CHECK(rec.emitted == 1);
  CHECK(strcmp(rec.last_item,
               "{\"id\":\"user\",\"display_name\":\"User\",\"traits\":[\"user\"]}") == 0);
  rec.cancel = 1;
  CHECK(plugin.list_resource_types(NULL, &call) == CONN_CANCELLED);
  CHECK(rec.failed == CONN_CANCELLED);
  CHECK(plugin.get_operation == NULL);
  CHECK(strcmp(plugin.descriptor->capabilities[0], CONN_CAP_LIST) == 0);

  /* Every struct starts with struct_size, so a reader can check it before
   * anything else. */
  CHECK(offsetof(conn_plugin, struct_size) == 0);
  CHECK(offsetof(conn_descriptor, struct_size) == 0);
  CHECK(offsetof(conn_call, struct_size) == 0);
  CHECK(offsetof(conn_host, struct_size) == 0);
  CHECK(offsetof(conn_list_request, struct_size) == 0);
  CHECK(offsetof(conn_grant_request, struct_size) == 0);
  CHECK(offsetof(conn_account_request, struct_size) == 0);
  CHECK(offsetof(conn_operation_request, struct_size) == 0);

  /* Status codes are a fixed-width integer, whatever size the compiler gives enums. */
  CHECK(sizeof(conn_status) == 4);
  CHECK(CONN_OK == 0 && CONN_CANCELLED == 1 && CONN_INTERNAL == 13 && CONN_UNAUTHENTICATED == 16);

  /* CONN_HAS_MEMBER: a struct from an older minor lacks the members past its size. */
  memset(&list, 0, sizeof list);
  list.struct_size = sizeof list;
  CHECK(CONN_HAS_MEMBER(&list, conn_list_request, page_size));
  list.struct_size = (uint32_t)offsetof(conn_list_request, page_size);
  CHECK(!CONN_HAS_MEMBER(&list, conn_list_request, page_size));
  CHECK(CONN_HAS_MEMBER(&list, conn_list_request, page_token));
  /* A host built against ABI 1.1 sends a request that ends before walk_id (1.2). */
  list.struct_size = sizeof list;
  CHECK(CONN_HAS_MEMBER(&list, conn_list_request, walk_id));
  list.struct_size = (uint32_t)offsetof(conn_list_request, walk_id);
  CHECK(!CONN_HAS_MEMBER(&list, conn_list_request, walk_id));
  CHECK(CONN_HAS_MEMBER(&list, conn_list_request, page_size));
  /* A plugin built before ABI 1.3 has a descriptor that ends before profile_schema. */
  CHECK(CONN_HAS_MEMBER(&c_descriptor, conn_descriptor, profile_schema));
  CHECK(c_descriptor.profile_schema == NULL);
  {
    conn_descriptor older = c_descriptor;
    older.struct_size = (uint32_t)offsetof(conn_descriptor, profile_schema);
    CHECK(!CONN_HAS_MEMBER(&older, conn_descriptor, profile_schema));
    CHECK(CONN_HAS_MEMBER(&older, conn_descriptor, config_schema));
  }
  /* A plugin built against ABI 1.1 has a table that ends before end_walk (1.2). */
  CHECK(CONN_HAS_MEMBER(&plugin, conn_plugin, end_walk));
  CHECK(plugin.end_walk == NULL);
  plugin.struct_size = (uint32_t)offsetof(conn_plugin, end_walk);
  CHECK(!CONN_HAS_MEMBER(&plugin, conn_plugin, end_walk));
  CHECK(CONN_HAS_MEMBER(&plugin, conn_plugin, get_operation));

  memset(&grant, 0, sizeof grant);
  memset(&account, 0, sizeof account);
  memset(&operation, 0, sizeof operation);
  memset(&host, 0, sizeof host);
  grant.struct_size = sizeof grant;
  account.struct_size = sizeof account;
  operation.struct_size = sizeof operation;
  host.struct_size = sizeof host;
  CHECK(CONN_HAS_MEMBER(&grant, conn_grant_request, dry_run));
  CHECK(CONN_HAS_MEMBER(&account, conn_account_request, dry_run));
  CHECK(CONN_HAS_MEMBER(&operation, conn_operation_request, operation_json));
  CHECK(CONN_HAS_MEMBER(&host, conn_host, store_secret));
  CHECK(CONN_HAS_MEMBER(&host, conn_host, add_to_counter));
  /* A host built against ABI 1.0 ends before add_to_counter (appended in 1.1). */
  host.struct_size = (uint32_t)offsetof(conn_host, add_to_counter);
  CHECK(!CONN_HAS_MEMBER(&host, conn_host, add_to_counter));
  CHECK(CONN_HAS_MEMBER(&host, conn_host, store_secret));

  CHECK(strcmp(CONN_PLUGIN_ENTRY_SYMBOL, "conn_plugin_entry") == 0);

  if (failures == 0) printf("abi.h compiles as C99 and keeps its layout promises\n");
  return failures == 0 ? 0 : 1;
}
