/* Services the host offers a plugin instance. */
#ifndef CONNECTOR_HOST_H
#define CONNECTOR_HOST_H

#include <stdint.h>

#include "status.h"
#include "str.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef int32_t conn_log_level;
enum { CONN_LOG_DEBUG = 0, CONN_LOG_INFO = 1, CONN_LOG_WARN = 2, CONN_LOG_ERROR = 3 };

typedef struct conn_host conn_host;

/* Given to `create`; owned by the host and valid until `destroy` returned. */
struct conn_host {
  uint32_t struct_size; /* sizeof(conn_host) as the host compiled it */

  void* host_data;     /* opaque to the plugin */
  const char* name;    /* eg: "connector-host" */
  const char* version; /* eg: "0.1.0" */

  /* Writes one log line attributed to this instance (the host adds time, level and
   * connector id). The message must not contain secrets; the host redacts the
   * secrets it knows of all the same. The host copies `message`.
   * [thread-safe] */
  void (*log)(const conn_host* host, conn_log_level level, conn_str message);

  /* Durably stores a secret the plugin was handed a new value of, e.g. a rotated
   * OAuth refresh token. `key` names the config field the value replaces (eg:
   * "refresh_token"); on the next `create` the host passes the stored value in that
   * field instead of the manifest's. Returns CONN_OK only once the value is on disk
   * (written, flushed and renamed into place); on any other status the plugin must
   * not rely on the new value being kept. The host copies both strings.
   * [thread-safe] May block on disk I/O. */
  conn_status (*store_secret)(const conn_host* host, conn_str key, conn_str value);

  /* ABI 1.1. Adds `delta` to the counter `name` with `labels`, which the host
   * exports as a Prometheus counter named connector_plugin_<name>_total with the
   * connector id as an extra label. `name` is [a-z0-9_]+, eg: "http_requests";
   * `labels_json` is a flat JSON object of strings, eg: {"status":"429"}, or empty.
   * The host copies both strings. Cheap; may be called per request.
   * [thread-safe] */
  void (*add_to_counter)(const conn_host* host, conn_str name, conn_str labels_json, double delta);
};

#ifdef __cplusplus
}
#endif

#endif /* CONNECTOR_HOST_H */
