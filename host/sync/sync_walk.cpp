#include "sync/sync_walk.hpp"

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "runtime/page_loop.hpp"

namespace connector::host::service {
namespace {

// 128 random bits as 32 hex digits: a walk id no earlier walk of any instance used,
// so a plugin can never serve this walk from what it kept for another.
std::string fresh_walk_id() {
  std::random_device entropy;
  constexpr char kDigits[] = "0123456789abcdef";
  std::string id;
  for (int word = 0; word < 4; ++word) {
    std::uint32_t bits = entropy();
    for (int nibble = 0; nibble < 8; ++nibble, bits >>= 4) id += kDigits[bits & 0xf];
  }
  return id;
}

// One walk of an instance: its id, and end_walk when the walk is over, whether it
// succeeded, failed or was cancelled, so the plugin frees what it kept for it.
class WalkScope {
 public:
  explicit WalkScope(runtime::Instance& instance) : instance_(instance), id_(fresh_walk_id()) {}
  ~WalkScope() { instance_.end_walk(id_); }
  WalkScope(const WalkScope&) = delete;
  WalkScope& operator=(const WalkScope&) = delete;

  const std::string& id() const noexcept { return id_; }

 private:
  runtime::Instance& instance_;
  const std::string id_;
};

}  // namespace

void walk_connector(runtime::Instance& instance, store::SyncWriter& writer,
                    const SyncProgressCallback& progress) {
  const auto started = std::chrono::steady_clock::now();
  const auto report = [&](std::string_view phase) {
    if (progress)
      progress({instance.connector_id(), phase, writer.received(),
                std::chrono::steady_clock::now() - started});
  };

  std::vector<std::string> types;
  instance.list_resource_types([&](boost::json::object&& item) {
    if (const auto* id = item.if_contains("id"); id != nullptr && id->is_string())
      types.emplace_back(id->get_string());
    writer.add_resource_type(item);
  });
  report("resource types");

  // Every list call below is one walk: the plugin may answer the entitlements and
  // grants from what it fetched for the resources instead of fetching it again.
  const WalkScope walk(instance);
  // Items reach the writer as the plugin's text: it is stored as emitted, and a sync
  // never builds a JSON tree per item. The writer parses each text whole as it scans
  // it, so it is the one that finds an item that is not a JSON object (one parse per
  // item, not two), and the call reports it as its own check would.
  const auto list = [&](runtime::ListOperation operation, runtime::ListQuery query,
                        std::string_view phase, auto add) {
    query.walk_id = walk.id();
    const runtime::ItemTextSink sink(
        [&add](std::string_view item) {
          try {
            add(item);
          } catch (const store::NotAJsonObjectError& refused) {
            throw runtime::NotOneJsonObject(refused.reason());
          }
        },
        runtime::ItemTextSink::Check::by_receiver);
    runtime::PageLoop(instance, operation, std::move(query)).run(sink, [&](std::string_view) {
      // No write lock is held while the plugin fetches the next page.
      writer.flush();
      report(phase);
    });
  };
  for (const std::string& type : types) {
    runtime::ListQuery of_type;
    of_type.resource_type = type;
    list(runtime::ListOperation::resources, std::move(of_type), "resources",
         [&](std::string_view item) { writer.add_resource(item); });
  }
  // An empty resource id lists those of every resource as one paged stream.
  list(runtime::ListOperation::entitlements, {}, "entitlements",
       [&](std::string_view item) { writer.add_entitlement(item); });
  list(runtime::ListOperation::grants, {}, "grants",
       [&](std::string_view item) { writer.add_grant(item); });
}

}  // namespace connector::host::service
