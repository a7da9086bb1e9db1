// What a connector's worker may read and write under the sandbox.
//
// Read: the plugin's directory (the plugin and any library it ships beside it), the
// system's libraries and shared data (/usr, /lib*), the dynamic loader's cache, the
// system's CA certificates and TLS configuration, name resolution (resolv.conf,
// hosts, nsswitch.conf, gai.conf, services), time zones, /dev/urandom, the worker's
// own /proc/self, CPU topology in /sys; the file of each config field the plugin's
// schema marks "x-file" (a relative path is taken from the host's working directory,
// which the worker shares); and every other regular file the config names by
// absolute path (eg: NinjaOne's "ca_file"), which the operator wrote into the
// manifest for the plugin to read. Write: /dev/null, and the directory of each field
// marked "x-file": "write" (to replace the file there: temporary file, rename).
// Never: the host's state directory, the other connectors' manifests and secrets,
// home directories, /tmp, /etc at large.
//
// Secret references ({"file": PATH}) are not granted: the host reads those and
// hands the plugin the value.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "loader/plugin_library.hpp"

namespace connector::host::isolation {

struct SandboxPaths {
  std::vector<std::string> readable;
  std::vector<std::string> writable;              // files
  std::vector<std::string> writable_directories;  // files in them may be made and replaced
};

// `manifest_config` is the config as the manifest writes it (references unresolved).
SandboxPaths sandbox_paths(const loader::PluginLibrary& plugin,
                           const boost::json::object& manifest_config);

}  // namespace connector::host::isolation
