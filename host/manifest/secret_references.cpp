#include "manifest/secret_references.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

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
  const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
  if (value == nullptr)
    throw SecretReferenceError(path, "environment variable " + name + " is not set");
  if (*value == '\0')
    throw SecretReferenceError(path, "environment variable " + name + " is empty");
  return value;
}

std::string read_secret_file(const std::string& path, const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw SecretReferenceError(
        path, "cannot read secret file '" + file.string() + "': " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string value = text.str();
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
