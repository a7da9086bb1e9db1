#include "service/sync_walk.hpp"

#include <string>
#include <vector>

#include "runtime/page_loop.hpp"

namespace connector::host::service {

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

  const auto walk = [&](runtime::ListOperation operation, runtime::ListQuery query,
                        std::string_view phase, auto add) {
    runtime::PageLoop(instance, operation, std::move(query))
        .run([&](boost::json::object&& item) { add(item); },
             [&](std::string_view) { report(phase); });
  };
  for (const std::string& type : types) {
    runtime::ListQuery of_type;
    of_type.resource_type = type;
    walk(runtime::ListOperation::resources, std::move(of_type), "resources",
         [&](const boost::json::object& item) { writer.add_resource(item); });
  }
  // An empty resource id lists those of every resource as one paged stream.
  walk(runtime::ListOperation::entitlements, {}, "entitlements",
       [&](const boost::json::object& item) { writer.add_entitlement(item); });
  walk(runtime::ListOperation::grants, {}, "grants",
       [&](const boost::json::object& item) { writer.add_grant(item); });
}

}  // namespace connector::host::service
