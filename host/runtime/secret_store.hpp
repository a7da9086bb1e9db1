// Secrets a plugin rotated (eg: an OAuth refresh token), kept across runs.
//
// One file per connector, STATE/secrets/<connector-id>.json, a JSON object
// {"<config field>":"<value>"}. What may be in it, and what the host takes from it,
// is one rule: a top-level field of the plugin's config schema marked
// "x-secret": true (eg: "refresh_token"). Anything else (a "base_url" planted to
// send the client secret elsewhere) is refused, on write and on read.
//
// The file is trusted only as far as its directory is (docs/security.md): STATE and
// STATE/secrets/ must be directories of the running user that no one else can write
// (secrets/ is opened with O_NOFOLLOW, so a symbolic link is refused), and the file
// a regular file of the running user, 0600, opened with O_NOFOLLOW. The host makes
// them so (0700 and 0600 whatever the umask). Writes are durable before they return:
// a temp file of a fresh name (O_EXCL | O_NOFOLLOW), fsync, rename, fsync of the
// directory, so a crash leaves either the old or the new file, never a torn one.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace connector::host::runtime {

class PrivateDirectory;

// Whether a plugin whose config schema marks `secret_fields` (dotted paths, see
// loader::ConfigSchema::secret_fields) may keep `key` in the secret store: `key`
// is one of them and names a top-level field.
bool is_storable_secret(std::string_view key, const std::vector<std::string>& secret_fields);

class SecretStore {
 public:
  explicit SecretStore(std::filesystem::path state_directory);

  // The stored values of `connector_id`, empty when there are none (no STATE, no
  // secrets/, no file). Throws HostError (state), one line naming the path and the
  // cause, when the directory or the file is not trusted, the file is not a JSON
  // object of strings (the error gives line:column, never the file's bytes), or it
  // holds a key that is not storable for `secret_fields`. [thread-safe]
  std::map<std::string, std::string> read(std::string_view connector_id,
                                          const std::vector<std::string>& secret_fields) const;

  // Sets `key` to `value` for `connector_id`, keeping the other keys; creates STATE
  // and secrets/ when missing. Throws std::invalid_argument when `key` is not
  // storable for `secret_fields`, HostError (state) on an untrusted directory or an
  // I/O failure; on return the value is on disk. [thread-safe]
  void write(std::string_view connector_id, const std::vector<std::string>& secret_fields,
             std::string_view key, std::string_view value);

  std::filesystem::path file_of(std::string_view connector_id) const;

 private:
  std::map<std::string, std::string> read_in(const PrivateDirectory& secrets,
                                             std::string_view connector_id,
                                             const std::vector<std::string>& secret_fields) const;

  std::filesystem::path state_directory_;
  std::mutex write_mutex_;  // read-modify-write of one file must not interleave
};

}  // namespace connector::host::runtime
