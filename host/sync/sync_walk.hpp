// One full read of a connector into a sync run: list_resource_types, then
// list_resources per type (all pages), then list_entitlements("") and list_grants("")
// (all pages), each item written into the SyncWriter as it arrives. The list calls
// share one fresh walk id (ABI 1.2), ended with end_walk however the walk ends.
#pragma once

#include <chrono>
#include <functional>
#include <string_view>

#include <connector/store/sync_run.hpp>
#include <connector/store/sync_writer.hpp>

#include "runtime/instance.hpp"

namespace connector::host::service {

// Where a sync is, for live progress output.
struct SyncProgress {
  std::string_view connector;
  std::string_view phase;  // "resource types", "resources", "entitlements", "grants"
  store::RunCounts received;
  std::chrono::steady_clock::duration elapsed{};
};

// Called on the sync's thread after every page (and so every few hundred items at
// most); must be quick.
using SyncProgressCallback = std::function<void(const SyncProgress&)>;

// Walks `instance` into `writer`. Does not commit or abort: the caller does, by what
// this returns or throws (the calls' errors: PluginCallError, interrupted_error...,
// or store::InvalidItemError for an item the store cannot keep).
void walk_connector(runtime::Instance& instance, store::SyncWriter& writer,
                    const SyncProgressCallback& progress = {});

}  // namespace connector::host::service
