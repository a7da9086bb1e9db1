// Reading an operation out of a plugin's table, honouring the ABI's growth rule.
#pragma once

#include <connector/plugin.h>
#include <connector/version.h>

// A member of the plugin table, or nullptr when it lies beyond the plugin's
// struct_size (the plugin was built against an older minor) or is NULL.
#define PLUGIN_OPERATION(table, member) \
  (CONN_HAS_MEMBER(&(table), conn_plugin, member) ? (table).member : nullptr)
