#include "common/file_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <string>
#include <utility>

namespace connector::host {
namespace {

std::runtime_error failure(const std::string& what, const std::filesystem::path& path) {
  return std::runtime_error("cannot " + what + " '" + path.string() + "': " + std::strerror(errno));
}

// The temporary: created here, removed unless it took the file's name.
class Temporary {
 public:
  explicit Temporary(const std::filesystem::path& file) {
    std::random_device entropy;
    // O_EXCL: never reuse a name someone else holds; a few tries outlast any collision.
    for (int attempt = 0; attempt < 8 && fd_ < 0; ++attempt) {
      path_ = file.parent_path() / ("." + file.filename().string() + ".tmp-" +
                                    std::to_string(::getpid()) + "-" + std::to_string(entropy()));
      fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
      if (fd_ < 0 && errno != EEXIST) break;
    }
    if (fd_ < 0) throw failure("create a file beside", file);
  }
  ~Temporary() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  Temporary(const Temporary&) = delete;
  Temporary& operator=(const Temporary&) = delete;

  const std::filesystem::path& path() const noexcept { return path_; }
  int fd() const noexcept { return fd_; }
  void close() {
    if (::close(std::exchange(fd_, -1)) != 0) throw failure("write", path_);
  }
  // It is the file now, or (after link) a second name of it: remove only this name.
  void named() {
    ::unlink(path_.c_str());
    path_.clear();
  }
  void renamed() { path_.clear(); }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

void write_all(int fd, std::string_view data, const std::filesystem::path& path) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throw failure("write", path);
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
}

void fsync_directory(const std::filesystem::path& directory) {
  const int fd =
      ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // the file is written; only its durability across a crash is less sure
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

void write_file_whole(const std::filesystem::path& file, std::string_view content,
                      Existing existing) {
  struct stat current {};
  const bool exists = ::lstat(file.c_str(), &current) == 0;
  if (exists && existing == Existing::refuse) {
    throw FileExists("'" + file.string() + "' exists");
  }
  if (exists && S_ISDIR(current.st_mode)) {
    throw std::runtime_error("cannot write '" + file.string() + "': it is a directory");
  }
  Temporary temporary(file);
  write_all(temporary.fd(), content, temporary.path());
  // Explicit, not left to the umask: connector-host runs under umask 077, and a
  // manifest written by root must stay readable by the service's user.
  const mode_t mode = exists && S_ISREG(current.st_mode) ? current.st_mode & 07777 : 0644;
  if (::fchmod(temporary.fd(), mode) != 0) throw failure("set the mode of", temporary.path());
  if (::fsync(temporary.fd()) != 0) throw failure("write", temporary.path());
  temporary.close();
  if (existing == Existing::refuse) {
    if (::link(temporary.path().c_str(), file.c_str()) != 0) {
      if (errno == EEXIST) throw FileExists("'" + file.string() + "' exists");
      throw failure("write", file);
    }
    temporary.named();
  } else {
    if (::rename(temporary.path().c_str(), file.c_str()) != 0) throw failure("write", file);
    temporary.renamed();
  }
  fsync_directory(file.parent_path());
}

}  // namespace connector::host
