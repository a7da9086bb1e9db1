/* Strings that cross the ABI. */
#ifndef CONNECTOR_STR_H
#define CONNECTOR_STR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A UTF-8 string with an explicit size; `data` need not be NUL-terminated.
 * Ownership: always borrowed. It is valid only for the duration of the call that
 * receives it; whoever needs it later copies it. {NULL, 0} is the empty string. */
typedef struct conn_str {
  const char* data;
  size_t size;
} conn_str;

#ifdef __cplusplus
}
#endif

#endif /* CONNECTOR_STR_H */
