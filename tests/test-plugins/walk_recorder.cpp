// A plugin that writes down the walk of every call: one line per list call
// ("list_resources WALK_ID", the id empty outside a walk) and per end_walk
// ("end_walk WALK_ID") into config.record_file, so a test can check how a host uses
// walk ids (ABI 1.2). With config.fail_grants, list_grants fails UNAVAILABLE, to
// check that a walk that failed is still ended.
#include <boost/json/parse.hpp>

#include <fstream>
#include <mutex>
#include <string>
#include <string_view>

#include <connector/sdk.hpp>

namespace {

namespace sdk = connector::sdk;

class WalkRecorder : public sdk::Connector {
 public:
  static constexpr sdk::PluginInfo info{
      .id = "walk-recorder",
      .name = "Walk recorder",
      .version = "1.0.0",
      .vendor = "connector-host tests",
      .description = "Records the walk id of every list call and every end_walk",
      .config_schema = R"({"type":"object","required":["record_file"],
        "properties":{"record_file":{"type":"string","x-file":"write","description":"Where the lines go."},
                      "fail_grants":{"type":"boolean","default":false,
                                     "description":"list_grants fails UNAVAILABLE."}}})",
      .concurrent_calls = true};

  WalkRecorder(sdk::Host host, std::string_view config_json) : Connector(host) {
    const auto config = boost::json::parse(config_json).as_object();
    record_file_ = std::string(config.at("record_file").as_string());
    if (const auto* fail = config.if_contains("fail_grants")) fail_grants_ = fail->as_bool();
  }

  void list_resource_types(sdk::Call& call) {
    call.emit(R"({"id":"user","display_name":"User","traits":["user"]})");
  }
  void list_resources(sdk::Call& call, const sdk::ListRequest& request) {
    record("list_resources", request.walk_id);
    call.emit(
        R"({"id":"user:1","type":"user","display_name":"Ada","traits":["user"],"status":"enabled","profile":{}})");
  }
  void list_entitlements(sdk::Call&, const sdk::ListRequest& request) {
    record("list_entitlements", request.walk_id);
  }
  void list_grants(sdk::Call&, const sdk::ListRequest& request) {
    record("list_grants", request.walk_id);
    if (fail_grants_) throw sdk::Error(CONN_UNAVAILABLE, "list_grants fails, as configured");
  }
  void end_walk(std::string_view walk_id) { record("end_walk", walk_id); }

 private:
  void record(std::string_view what, std::string_view walk_id) {
    const std::lock_guard lock(mutex_);
    std::ofstream(record_file_, std::ios::app) << what << ' ' << walk_id << '\n';
  }

  std::string record_file_;
  bool fail_grants_ = false;
  std::mutex mutex_;
};

}  // namespace

CONNECTOR_EXPORT_PLUGIN(WalkRecorder)
