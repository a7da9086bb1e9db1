// Loads the real SCIM plugin (SCIM_PLUGIN, a .so) with Boost.DLL and drives it
// through the real C ABI, with test_support's RecordingHost and one RecordingCall
// per operation.
#pragma once

#include <connector/abi.h>

#include <boost/dll/shared_library.hpp>
#include <boost/json/value.hpp>

#include <memory>
#include <string>
#include <vector>

#include "support/host_calls.hpp"

namespace scim_test {

struct Result {
  conn_status status = CONN_OK;
  std::string message;  // from fail()
  std::vector<boost::json::value> items;
  std::vector<std::string> raw_items;
  std::string next_page;
};

class Plugin {
 public:
  Plugin();  // loads SCIM_PLUGIN
  const conn_plugin& table() const { return *table_; }

 private:
  boost::dll::shared_library library_;
  const conn_plugin* table_ = nullptr;
};

class Instance {
 public:
  Instance(const Plugin& plugin, const std::string& config_json);
  ~Instance();
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  bool created() const { return instance_ != nullptr; }
  const Result& create_result() const { return create_result_; }
  const test_support::RecordingHost& host() const { return *host_; }

  enum class Op { resources, entitlements, grants };
  Result validate();
  Result list_page(Op op, const std::string& type_or_id, const std::string& token,
                   uint32_t page_size = 0);
  // Every page (pages counted in *pages); stops at the first failure.
  Result list_all(Op op, const std::string& type_or_id, uint32_t page_size = 0,
                  int* pages = nullptr);
  Result grant(const std::string& entitlement, const std::string& principal, bool dry_run = false);
  Result revoke(const std::string& entitlement, const std::string& principal, bool dry_run = false);
  Result create_account(const std::string& type, const std::string& profile_json,
                        bool dry_run = false);
  Result delete_account(const std::string& resource_id, bool dry_run = false);

  // Every text that left the plugin: items, failures and log lines so far.
  std::vector<std::string> everything_said() const { return said_; }

 private:
  template <class Invoke>
  Result run(Invoke&& invoke);

  const Plugin& plugin_;
  std::unique_ptr<test_support::RecordingHost> host_;
  Result create_result_;
  conn_instance* instance_ = nullptr;
  std::vector<std::string> said_;
};

}  // namespace scim_test
