/* The connector plugin ABI: everything a host and a plugin share, in C.
 *
 * Read in this order: str.h (strings), status.h (status codes), call.h (the call
 * context), host.h (host services), descriptor.h (what a plugin says about itself),
 * requests.h (operation arguments), plugin.h (the operations), entry.h (the one
 * exported symbol). version.h holds the ABI version and its rules. */
#ifndef CONNECTOR_ABI_H
#define CONNECTOR_ABI_H

#include <stddef.h>
#include <stdint.h>

#include "call.h"
#include "descriptor.h"
#include "entry.h"
#include "host.h"
#include "plugin.h"
#include "requests.h"
#include "status.h"
#include "str.h"
#include "version.h"

#endif /* CONNECTOR_ABI_H */
