/* Status codes returned by every plugin operation. The numbering is gRPC's, so a
 * status can be mapped to and from other systems without a table. */
#ifndef CONNECTOR_STATUS_H
#define CONNECTOR_STATUS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Fixed-width on purpose: the size of a C enum is up to the compiler. */
typedef int32_t conn_status;

enum {
  CONN_OK = 0,
  CONN_CANCELLED = 1, /* the host asked the call to stop */
  CONN_UNKNOWN = 2,
  CONN_INVALID_ARGUMENT = 3,  /* bad id, bad config, bad profile */
  CONN_DEADLINE_EXCEEDED = 4, /* the call's deadline passed */
  CONN_NOT_FOUND = 5,         /* the resource, entitlement or principal does not exist */
  CONN_ALREADY_EXISTS = 6,
  CONN_PERMISSION_DENIED = 7,   /* the credentials lack a scope or a role */
  CONN_RESOURCE_EXHAUSTED = 8,  /* rate limited past the retry budget */
  CONN_FAILED_PRECONDITION = 9, /* e.g. provisioning disabled, wrong principal type */
  CONN_ABORTED = 10,
  CONN_OUT_OF_RANGE = 11,
  CONN_UNIMPLEMENTED = 12, /* the operation is not supported by this plugin */
  CONN_INTERNAL = 13,      /* a bug; also what an escaped exception becomes */
  CONN_UNAVAILABLE = 14,   /* the remote service could not be reached; retryable */
  CONN_DATA_LOSS = 15,
  CONN_UNAUTHENTICATED = 16 /* bad or expired credentials */
};

#ifdef __cplusplus
}
#endif

#endif /* CONNECTOR_STATUS_H */
