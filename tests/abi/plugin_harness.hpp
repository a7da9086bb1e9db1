// A minimal host for tests that talk to a plugin through the bare C ABI: load the
// library as the host does, make call contexts and host services that record what
// the plugin did, and walk list operations across pages.
#ifndef CONNECTOR_TESTS_ABI_PLUGIN_HARNESS_HPP
#define CONNECTOR_TESTS_ABI_PLUGIN_HARNESS_HPP

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <connector/abi.h>
#include <boost/dll/shared_library.hpp>
#include <boost/json.hpp>

#include "support/host_calls.hpp"
#include "support/temp_dir.hpp"

namespace abi_test {

inline conn_str to_conn(std::string_view s) { return conn_str{s.data(), s.size()}; }
inline std::string from_conn(conn_str s) {
  return s.data == nullptr ? std::string() : std::string(s.data, s.size);
}

// The path CTest put in environment variable `name` (a $<TARGET_FILE:...>).
inline std::filesystem::path path_from_env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0')
    throw std::runtime_error(std::string(name) + " is not set");
  return value;
}

// A plugin library loaded the way connector-host loads it.
class LoadedLibrary {
 public:
  explicit LoadedLibrary(const std::filesystem::path& path)
      : library_(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local) {}

  bool has_entry() const { return library_.has(CONN_PLUGIN_ENTRY_SYMBOL); }
  conn_plugin_entry_fn entry() const {
    return library_.get<const conn_plugin*(uint32_t, uint32_t)>(CONN_PLUGIN_ENTRY_SYMBOL);
  }
  // The table for this host's ABI version; throws when the plugin refuses it.
  const conn_plugin& plugin() const {
    const conn_plugin* plugin = entry()(CONN_ABI_MAJOR, CONN_ABI_MINOR);
    if (plugin == nullptr) throw std::runtime_error("the plugin refused ABI major 1");
    return *plugin;
  }

 private:
  boost::dll::shared_library library_;
};

// The host's side of each call, and host services that record what the plugin did
// (test_support's, shared with every suite and benchmark).
using test_support::RecordingCall;
using test_support::RecordingHost;

// One plugin instance, destroyed with the object.
class Instance {
 public:
  Instance(const conn_plugin& plugin, const RecordingHost& host, std::string_view config_json)
      : plugin_(plugin) {
    RecordingCall call;
    instance_ = plugin.create(host.get(), to_conn(config_json), call.get());
    if (instance_ == nullptr) throw std::runtime_error("create failed: " + call.fail_message);
  }
  ~Instance() { plugin_.destroy(instance_); }
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  conn_instance* get() const { return instance_; }

 private:
  const conn_plugin& plugin_;
  conn_instance* instance_ = nullptr;
};

using ListOperation = conn_status (*)(conn_instance*, const conn_call*, const conn_list_request*);

// Everything a list operation emits across all its pages.
struct Listing {
  std::vector<boost::json::value> items;
  std::vector<std::size_t> page_sizes;  // items per page, in order
};

// Calls `op` page after page until the plugin gives no next token, as the host does.
// Throws on a non-OK status or after `max_pages` (a plugin that never ends).
inline Listing list_all(ListOperation op, conn_instance* instance, std::string_view resource_type,
                        std::string_view resource_id, std::size_t max_pages = 1000) {
  Listing listing;
  std::string token;
  for (std::size_t page = 0; page < max_pages; ++page) {
    RecordingCall call;
    const conn_list_request request{sizeof(conn_list_request),
                                    to_conn(resource_type),
                                    to_conn(resource_id),
                                    to_conn(token),
                                    0,
                                    {}};
    const conn_status status = op(instance, call.get(), &request);
    if (status != CONN_OK) {
      throw std::runtime_error("status " + std::to_string(status) + ": " + call.fail_message);
    }
    for (boost::json::value& item : call.items()) listing.items.push_back(std::move(item));
    listing.page_sizes.push_back(call.raw_items.size());
    if (!call.next_page || call.next_page->empty()) return listing;
    token = *call.next_page;
  }
  throw std::runtime_error("the listing did not end within " + std::to_string(max_pages) +
                           " pages");
}

// The "id" of every item, in order.
inline std::vector<std::string> ids_of(const std::vector<boost::json::value>& items) {
  std::vector<std::string> ids;
  for (const boost::json::value& item : items) ids.emplace_back(item.at("id").as_string());
  return ids;
}

// A directory under the system's temporary directory, removed with the object.
using test_support::TempDir;

inline void write_file(const std::filesystem::path& path, std::string_view text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace abi_test

#endif  // CONNECTOR_TESTS_ABI_PLUGIN_HARNESS_HPP
