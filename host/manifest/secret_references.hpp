// Secret references in a connector's config: {"env":"NAME"} and {"file":"PATH"}.
//
// The host replaces each reference by the value it points to before validating the
// config and handing it to the plugin, so secrets live outside manifests. The values
// are returned so that the caller can keep them out of every output and log.
#pragma once

#include <boost/json/value.hpp>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace connector::host::manifest {

// A reference that cannot be resolved; `field_path` is eg: "config.api_key".
class SecretReferenceError : public std::runtime_error {
 public:
  SecretReferenceError(std::string field_path, const std::string& message)
      : std::runtime_error(message), field_path_(std::move(field_path)) {}
  const std::string& field_path() const noexcept { return field_path_; }

 private:
  std::string field_path_;
};

// Replaces, anywhere inside `value` (whose own path is `path`, eg: "config"), every
// object that has exactly one member "env" or "file" with a string value:
//   {"env":"NAME"}  -> the environment variable NAME (must be set; read through
//                      secret_variable, which keeps it for remove_secret_variables);
//   {"file":"PATH"} -> the file's content without one trailing newline; a relative
//                      PATH is relative to `base_directory` (the manifest's directory);
//                      a regular file of at most 64 KiB, never empty.
// Returns the values put in. Throws SecretReferenceError.
std::vector<std::string> resolve_secret_references(boost::json::value& value,
                                                   const std::string& path,
                                                   const std::filesystem::path& base_directory);

// The string at dotted `field_path` (eg: "auth.token") inside `object`, or nullptr.
const boost::json::string* find_string_field(const boost::json::object& object,
                                             const std::string& field_path);

}  // namespace connector::host::manifest
