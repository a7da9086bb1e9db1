// One manifest file (manifests/NAME.json) as written: DESIGN section 7.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace connector::host::manifest {

struct Schedule {
  std::chrono::seconds sync_every{0};
  std::chrono::seconds jitter{0};
};

struct Provisioning {
  bool enabled = false;
  std::string mode = "direct";   // "direct" or "ticket"
  boost::json::object settings;  // the whole "provisioning" object, for mode-specific keys
};

// "store": how much of the connector's history the store keeps.
struct StoreSettings {
  // History older than this folds into the state at the cutoff ("keep_history").
  std::chrono::seconds keep_history = std::chrono::hours(24 * 400);
};

struct Manifest {
  std::filesystem::path file;  // where it was read from, as the host names it in errors
  std::string id;              // eg: "ninjaone-prod"; [a-z0-9-]+
  std::string plugin;          // a plugin descriptor id, eg: "ninjaone"
  bool enabled = true;
  std::optional<Schedule> schedule;
  Provisioning provisioning;
  StoreSettings store;
  boost::json::object config;  // as written: secret references not yet resolved
};

}  // namespace connector::host::manifest
