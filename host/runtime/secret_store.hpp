// Secrets a plugin rotated (eg: an OAuth refresh token), kept across runs.
//
// One file per connector, STATE/secrets/<connector-id>.json, a JSON object
// {"<config field>":"<value>"} readable by the owner only (0600, directory 0700).
// Writes are durable before they return: temp file, fsync, rename, fsync directory,
// so a crash leaves either the old or the new file, never a torn one.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace connector::host::runtime {

class SecretStore {
 public:
  explicit SecretStore(std::filesystem::path state_directory);

  // The stored values of `connector_id`, empty when none. Throws HostError (state)
  // when the file exists but cannot be read or is not a JSON object of strings.
  std::map<std::string, std::string> read(std::string_view connector_id) const;

  // Sets `key` to `value` for `connector_id`, keeping the other keys. Throws
  // HostError (state) on any I/O failure; on return the value is on disk. [thread-safe]
  void write(std::string_view connector_id, std::string_view key, std::string_view value);

  std::filesystem::path file_of(std::string_view connector_id) const;

 private:
  std::filesystem::path directory_;
  std::mutex write_mutex_;  // read-modify-write of one file must not interleave
};

}  // namespace connector::host::runtime
