#include "runtime/secret_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <stdexcept>

#include "common/error.hpp"
#include "common/file_trust.hpp"
#include "common/unique_fd.hpp"
#include "manifest/json_text.hpp"
#include "runtime/private_directory.hpp"

namespace connector::host::runtime {
namespace {

constexpr const char* kSecretsDirectory = "secrets";
constexpr mode_t kSecretFileMode = 0600;
// A handful of tokens; anything larger is not a file this host wrote.
constexpr off_t kMaxSecretsFileBytes = 64 * 1024;

HostError failed(const std::filesystem::path& path, const std::string& what, int error) {
  return HostError(ExitCode::state, what + " '" + path.string() + "': " + std::strerror(error));
}

HostError refused(const std::filesystem::path& path, const std::string& cause) {
  return HostError(ExitCode::state, "refusing '" + path.string() + "': " + cause);
}

std::string file_name_of(std::string_view connector_id) {
  return std::string(connector_id) + ".json";
}

// Opens `name` in `directory` for reading, O_NOFOLLOW, and checks it is a regular
// file of the running user that no one else may read or write. Invalid when missing.
UniqueFd open_secret_file(const PrivateDirectory& directory, const std::string& name) {
  const std::filesystem::path path = directory.path() / name;
  UniqueFd fd(
      ::openat(directory.fd(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT) return fd;
    if (errno == ELOOP) throw refused(path, "a symbolic link, not a file");
    throw failed(path, "cannot open", errno);
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) throw failed(path, "cannot stat", errno);
  if (!S_ISREG(info.st_mode)) throw refused(path, "not a regular file");
  if (auto cause = untrusted_because(info, TrustedOwner::running_user)) throw refused(path, *cause);
  if ((info.st_mode & 077) != 0) {
    throw refused(path, "readable by its group or others (mode " + octal_mode(info.st_mode) +
                            "); it holds secrets: chmod 600 it");
  }
  if (info.st_size > kMaxSecretsFileBytes) throw refused(path, "larger than 64 KiB");
  return fd;
}

std::string read_all(int fd, const std::filesystem::path& path) {
  std::string text;
  char buffer[4096];
  while (true) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw failed(path, "cannot read", errno);
    }
    if (got == 0) return text;
    text.append(buffer, static_cast<std::size_t>(got));
    if (text.size() > static_cast<std::size_t>(kMaxSecretsFileBytes))
      throw refused(path, "larger than 64 KiB");
  }
}

void write_all(int fd, std::string_view data, const std::filesystem::path& path) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throw failed(path, "cannot write", errno);
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
}

// "<id>.json.<16 hex digits>.tmp": a name no one can have planted in advance.
std::string temporary_name_of(const std::string& file_name) {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  char suffix[24];
  std::snprintf(suffix, sizeof suffix, ".%016llx.tmp", static_cast<unsigned long long>(random()));
  return file_name + suffix;
}

// Creates a fresh temp file next to `file_name` (O_EXCL | O_NOFOLLOW: never an
// existing file or link), 0600 whatever the umask. Sets `name` to its name.
UniqueFd create_temporary(const PrivateDirectory& directory, const std::string& file_name,
                          std::string& name) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    name = temporary_name_of(file_name);
    UniqueFd fd(::openat(directory.fd(), name.c_str(),
                         O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, kSecretFileMode));
    if (fd.valid()) {
      if (::fchmod(fd.get(), kSecretFileMode) != 0)
        throw failed(directory.path() / name, "cannot chmod", errno);
      return fd;
    }
    if (errno != EEXIST) throw failed(directory.path() / name, "cannot create", errno);
  }
  throw HostError(ExitCode::state,
                  "cannot create a temporary file in '" + directory.path().string() + "'");
}

}  // namespace

bool is_storable_secret(std::string_view key, const std::vector<std::string>& secret_fields) {
  return !key.empty() && key.find('.') == std::string_view::npos &&
         std::find(secret_fields.begin(), secret_fields.end(), key) != secret_fields.end();
}

SecretStore::SecretStore(std::filesystem::path state_directory)
    : state_directory_(std::move(state_directory)) {}

std::filesystem::path SecretStore::file_of(std::string_view connector_id) const {
  return state_directory_ / kSecretsDirectory / file_name_of(connector_id);
}

std::map<std::string, std::string> SecretStore::read(
    std::string_view connector_id, const std::vector<std::string>& secret_fields) const {
  const auto state = PrivateDirectory::open(state_directory_, Create::no);
  if (!state) return {};
  const auto secrets = state->subdirectory(kSecretsDirectory, Create::no);
  if (!secrets) return {};
  return read_in(*secrets, connector_id, secret_fields);
}

std::map<std::string, std::string> SecretStore::read_in(
    const PrivateDirectory& secrets, std::string_view connector_id,
    const std::vector<std::string>& secret_fields) const {
  const std::string name = file_name_of(connector_id);
  const std::filesystem::path path = secrets.path() / name;
  std::map<std::string, std::string> values;
  const UniqueFd fd = open_secret_file(secrets, name);
  if (!fd.valid()) return values;
  boost::json::value document;
  try {
    document = manifest::parse_json_text(read_all(fd.get(), path));
  } catch (const manifest::JsonSyntaxError& e) {
    // JsonSyntaxError gives line:column and never quotes the text: it holds secrets.
    throw HostError(ExitCode::state, path.string() + ":" + e.what());
  }
  if (!document.is_object())
    throw HostError(ExitCode::state, path.string() + ": expected a JSON object");
  for (const auto& [key, value] : document.as_object()) {
    if (!is_storable_secret(key, secret_fields)) {
      throw refused(path, "'" + std::string(key) +
                              "' is not a top-level field the plugin's config schema marks "
                              "\"x-secret\"; only those are taken from the secret store");
    }
    if (!value.is_string())
      throw HostError(ExitCode::state,
                      path.string() + ": '" + std::string(key) + "': expected a string");
    values.emplace(std::string(key), std::string(value.as_string()));
  }
  return values;
}

void SecretStore::write(std::string_view connector_id,
                        const std::vector<std::string>& secret_fields, std::string_view key,
                        std::string_view value) {
  if (!is_storable_secret(key, secret_fields)) {
    throw std::invalid_argument("'" + std::string(key) +
                                "' is not a top-level field the plugin's config schema marks "
                                "\"x-secret\"");
  }
  std::lock_guard lock(write_mutex_);
  const auto state = PrivateDirectory::open(state_directory_, Create::yes);
  const auto secrets = state->subdirectory(kSecretsDirectory, Create::yes);
  auto values = read_in(*secrets, connector_id, secret_fields);
  values[std::string(key)] = std::string(value);
  boost::json::object document;
  for (const auto& [k, v] : values) document[k] = v;
  const std::string text = boost::json::serialize(document) + "\n";

  const std::string name = file_name_of(connector_id);
  std::string temporary;
  UniqueFd fd = create_temporary(*secrets, name, temporary);
  const std::filesystem::path temporary_path = secrets->path() / temporary;
  try {
    write_all(fd.get(), text, temporary_path);
    if (::fsync(fd.get()) != 0) throw failed(temporary_path, "cannot fsync", errno);
    if (::close(fd.release()) != 0) throw failed(temporary_path, "cannot close", errno);
    if (::renameat(secrets->fd(), temporary.c_str(), secrets->fd(), name.c_str()) != 0)
      throw failed(secrets->path() / name, "cannot rename into", errno);
  } catch (...) {
    ::unlinkat(secrets->fd(), temporary.c_str(), 0);  // leave no half-written secret behind
    throw;
  }
  if (::fsync(secrets->fd()) != 0) throw failed(secrets->path(), "cannot fsync", errno);
}

}  // namespace connector::host::runtime
