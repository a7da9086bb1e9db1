#include "manifest/secret_references.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>

#include "manifest/secret_environment.hpp"

namespace connector::host::manifest {
namespace {

namespace json = boost::json;

// {"env":"X"} or {"file":"Y"}: the kind and its argument; nullptr when not a reference.
const json::key_value_pair* as_reference(const json::value& value) {
  if (!value.is_object() || value.as_object().size() != 1) return nullptr;
  const json::key_value_pair& only = *value.as_object().begin();
  if ((only.key() != "env" && only.key() != "file") || !only.value().is_string()) return nullptr;
  return &only;
}

std::string read_environment(const std::string& path, const std::string& name) {
  const auto value = name.empty() ? std::nullopt : secret_variable(name);
  if (!value) throw SecretReferenceError(path, "environment variable " + name + " is not set");
  if (value->empty())
    throw SecretReferenceError(path, "environment variable " + name + " is empty");
  return *value;
}

// A secret file holds one secret (a key, a token, a password); anything larger is
// a wrong path, and reading it whole could exhaust memory (think of a log file).
constexpr std::size_t kMaxSecretFileBytes = 64 * 1024;

std::string read_secret_file(const std::string& path, const std::filesystem::path& file) {
  const auto cannot_read = [&](const std::string& why) {
    return SecretReferenceError(path, "cannot read secret file '" + file.string() + "': " + why);
  };
  // Only a regular file: a FIFO would block the host forever, a device such as
  // /dev/zero never ends, and a directory "reads" as empty.
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(file, error);
  if (error) throw cannot_read(error.message());
  if (std::filesystem::is_directory(status)) throw cannot_read("it is a directory");
  if (!std::filesystem::is_regular_file(status)) throw cannot_read("it is not a regular file");

  std::ifstream in(file, std::ios::binary);
  if (!in) throw cannot_read(std::strerror(errno));
  std::string value(kMaxSecretFileBytes + 1, '\0');
  in.read(value.data(), static_cast<std::streamsize>(value.size()));
  if (in.bad()) throw cannot_read(std::strerror(errno));
  value.resize(static_cast<std::size_t>(in.gcount()));
  if (value.size() > kMaxSecretFileBytes) {
    throw SecretReferenceError(path, "secret file '" + file.string() +
                                         "' is larger than 64 KiB: it should hold one secret");
  }
  // Editors and `echo` add a final newline that is not part of the secret.
  if (!value.empty() && value.back() == '\n') value.pop_back();
  if (!value.empty() && value.back() == '\r') value.pop_back();
  if (value.empty())
    throw SecretReferenceError(path, "secret file '" + file.string() + "' is empty");
  return value;
}

void resolve(json::value& value, const std::string& path, const std::filesystem::path& base,
             std::vector<std::string>& resolved) {
  if (const json::key_value_pair* reference = as_reference(value)) {
    const std::string argument(reference->value().as_string());
    std::string secret;
    if (reference->key() == "env") {
      secret = read_environment(path, argument);
    } else {
      const std::filesystem::path file(argument);
      secret = read_secret_file(path, file.is_absolute() ? file : base / file);
    }
    resolved.push_back(secret);
    value = json::string(secret);
    return;
  }
  if (value.is_object()) {
    for (auto& member : value.as_object()) {
      resolve(member.value(), path + "." + std::string(member.key()), base, resolved);
    }
  } else if (value.is_array()) {
    auto& array = value.as_array();
    for (std::size_t i = 0; i < array.size(); ++i) {
      resolve(array[i], path + "[" + std::to_string(i) + "]", base, resolved);
    }
  }
}

}  // namespace

std::vector<std::string> resolve_secret_references(json::value& value, const std::string& path,
                                                   const std::filesystem::path& base_directory) {
  std::vector<std::string> resolved;
  resolve(value, path, base_directory, resolved);
  return resolved;
}

const json::string* find_string_field(const json::object& object, const std::string& field_path) {
  const json::object* current = &object;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = field_path.find('.', start);
    const json::value* member = current->if_contains(field_path.substr(start, dot - start));
    if (member == nullptr) return nullptr;
    if (dot == std::string::npos) return member->if_string();
    if (!member->is_object()) return nullptr;
    current = &member->as_object();
    start = dot + 1;
  }
}

}  // namespace connector::host::manifest
