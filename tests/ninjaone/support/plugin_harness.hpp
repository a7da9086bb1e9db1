// Loads the real NinjaOne plugin (.so) with Boost.DLL and drives it through the real
// C ABI, the way a host does: test_support's RecordingHost (log lines, stored secrets)
// and a RecordingCall per operation (items, the next page token, failure).
#ifndef NINJAONE_TEST_PLUGIN_HARNESS_HPP
#define NINJAONE_TEST_PLUGIN_HARNESS_HPP

#include <connector/abi.h>

#include <boost/dll/shared_library.hpp>
#include <boost/json/value.hpp>

#include <memory>
#include <string>
#include <vector>

#include "support/host_calls.hpp"

namespace ninjaone_test {

struct CallResult {
  conn_status status = CONN_OK;
  std::string message;  // from fail()
  std::string details;  // from fail()
  std::vector<boost::json::value> items;
  std::vector<std::string> raw_items;  // exactly as emitted
  std::string next_page;
};

class Plugin {
 public:
  // Loads NINJAONE_PLUGIN.
  Plugin();
  const conn_plugin& table() const { return *table_; }

 private:
  boost::dll::shared_library library_;
  const conn_plugin* table_ = nullptr;
};

class Instance {
 public:
  // Creates an instance; `created` says whether create succeeded, `create_result`
  // holds its failure otherwise.
  Instance(const Plugin& plugin, const std::string& config_json);
  ~Instance();
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  bool created() const { return instance_ != nullptr; }
  const CallResult& create_result() const { return create_result_; }
  // What the host side saw (log lines, stored secrets), to check that no secret ever
  // left the plugin.
  const test_support::RecordingHost& host() const { return *host_; }

  CallResult validate();
  CallResult list_resource_types();
  enum class Op { resources, entitlements, grants };
  // One page.
  CallResult list_page(Op op, const std::string& type_or_id, const std::string& token,
                       uint32_t page_size = 0);
  // From now on the host side answers "no more" to emit once a call has `limit`
  // items (0: never), and says the call is cancelled when `cancelled` is true.
  void stop_emitting_after(std::size_t limit) { emit_limit_ = limit; }
  void cancel_calls(bool cancelled) { cancelled_ = cancelled; }

  // From now on list calls carry walk id `walk_id` (ABI 1.2; empty: none).
  void use_walk(std::string walk_id) { walk_id_ = std::move(walk_id); }
  // From now on list requests end before walk_id, as a host built against ABI 1.1
  // sends them (the walk id set above is still in memory past struct_size).
  void act_as_abi_1_1_host(bool older) { abi_1_1_host_ = older; }
  // Calls end_walk; false when the plugin has none.
  bool end_walk(const std::string& walk_id);

  // Grants `entitlement` to `principal` (a real write in the simulator).
  CallResult grant(const std::string& entitlement, const std::string& principal);

  // Every page; stops at the first failure (returned with the items so far). Counts
  // the ABI pages in `pages` when given.
  CallResult list_all(Op op, const std::string& type_or_id, uint32_t page_size = 0,
                      int* pages = nullptr);

 private:
  const Plugin& plugin_;
  std::unique_ptr<test_support::RecordingHost> host_;
  CallResult create_result_;
  conn_instance* instance_ = nullptr;
  std::size_t emit_limit_ = 0;
  bool cancelled_ = false;
  std::string walk_id_;
  bool abi_1_1_host_ = false;
};

// Every text the plugin handed to the host for this instance (items, failures, logs).
std::vector<std::string> everything_emitted(Instance& instance,
                                            const std::vector<CallResult>& results);

}  // namespace ninjaone_test

#endif  // NINJAONE_TEST_PLUGIN_HARNESS_HPP
