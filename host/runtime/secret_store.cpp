#include "runtime/secret_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "common/error.hpp"
#include "manifest/json_text.hpp"

namespace connector::host::runtime {
namespace {

HostError state_error(const std::filesystem::path& path, const std::string& what) {
  return HostError(ExitCode::state, what + " '" + path.string() + "': " + std::strerror(errno));
}

// Closes the descriptor on every path out.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const noexcept { return fd_; }
  int release() noexcept { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

void make_private_directory(const std::filesystem::path& directory) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec)
    throw HostError(ExitCode::state, "cannot create '" + directory.string() + "': " + ec.message());
  if (::chmod(directory.c_str(), 0700) != 0) throw state_error(directory, "cannot chmod");
}

void write_all(int fd, std::string_view data, const std::filesystem::path& path) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throw state_error(path, "cannot write");
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
}

void fsync_directory(const std::filesystem::path& directory) {
  FileDescriptor fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) throw state_error(directory, "cannot fsync");
}

}  // namespace

SecretStore::SecretStore(std::filesystem::path state_directory)
    : directory_(std::move(state_directory) / "secrets") {}

std::filesystem::path SecretStore::file_of(std::string_view connector_id) const {
  return directory_ / (std::string(connector_id) + ".json");
}

std::map<std::string, std::string> SecretStore::read(std::string_view connector_id) const {
  const std::filesystem::path file = file_of(connector_id);
  std::map<std::string, std::string> values;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return values;
    throw state_error(file, "cannot read");
  }
  std::ostringstream text;
  text << in.rdbuf();
  boost::json::value document;
  try {
    document = manifest::parse_json_text(text.str());
  } catch (const std::exception& e) {
    throw HostError(ExitCode::state, file.string() + ":" + e.what());
  }
  if (!document.is_object())
    throw HostError(ExitCode::state, file.string() + ": expected a JSON object");
  for (const auto& [key, value] : document.as_object()) {
    if (!value.is_string()) {
      throw HostError(ExitCode::state,
                      file.string() + ": " + std::string(key) + ": expected a string");
    }
    values.emplace(std::string(key), std::string(value.as_string()));
  }
  return values;
}

void SecretStore::write(std::string_view connector_id, std::string_view key,
                        std::string_view value) {
  std::lock_guard lock(write_mutex_);
  make_private_directory(directory_);
  auto values = read(connector_id);
  values[std::string(key)] = std::string(value);
  boost::json::object document;
  for (const auto& [k, v] : values) document[k] = v;
  const std::string text = boost::json::serialize(document) + "\n";

  const std::filesystem::path file = file_of(connector_id);
  const std::filesystem::path temporary = file.string() + ".tmp";
  FileDescriptor fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (fd.get() < 0) throw state_error(temporary, "cannot create");
  write_all(fd.get(), text, temporary);
  if (::fsync(fd.get()) != 0) throw state_error(temporary, "cannot fsync");
  if (::close(fd.release()) != 0) throw state_error(temporary, "cannot close");
  if (::rename(temporary.c_str(), file.c_str()) != 0) throw state_error(file, "cannot rename into");
  fsync_directory(directory_);
}

}  // namespace connector::host::runtime
