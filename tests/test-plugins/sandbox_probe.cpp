// A plugin that tries what a sandboxed plugin must not do, and says what happened:
// validate emits one check per attempt, {"check":"read /etc/shadow","ok":false,
// "message":"Permission denied"}, where ok means the attempt succeeded. Nothing it
// reads is ever emitted or logged: only whether the open succeeded.
//
// Config: {"read": ["relative/or/absolute", ...], "write": [...], "read_etc_shadow":
// true, "run": "/bin/true", "env": ["NAME", ...], "descriptors": N} (env: whether each
// variable is set in the plugin's environment, never its value; descriptors: whether N
// more file descriptors can be held at once, against limits.open_files). Paths are tried as given:
// relative ones against the working directory, which the worker shares with the host. /etc/shadow
// and the program to run come as flags or plain names rather than as paths in the config, because
// files the config names by absolute path are ones the operator lets the plugin read (the sandbox
// grants them).
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>
#include <connector/sdk.hpp>

extern char** environ;

namespace {

namespace json = boost::json;
namespace sdk = connector::sdk;

std::vector<std::string> strings(const json::object& config, const char* name) {
  std::vector<std::string> values;
  if (const auto* list = config.if_contains(name)) {
    for (const auto& value : list->as_array()) values.emplace_back(value.as_string());
  }
  return values;
}

std::string check(std::string_view what, bool ok, int error) {
  return json::serialize(json::object{
      {"check", what}, {"ok", ok}, {"message", ok ? "succeeded" : std::strerror(error)}});
}

class SandboxProbe : public sdk::Connector {
 public:
  static constexpr sdk::PluginInfo info{
      .id = "sandbox-probe",
      .name = "Sandbox probe",
      .version = "1.0.0",
      .vendor = "connector-host tests",
      .description = "validate tries to read, write and run what the config names",
      .config_schema = R"({
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "read": {"type": "array", "items": {"type": "string"}},
          "write": {"type": "array", "items": {"type": "string"}},
          "read_etc_shadow": {"type": "boolean"},
          "run": {"type": "string"},
          "env": {"type": "array", "items": {"type": "string"}},
          "descriptors": {"type": "integer", "minimum": 1, "maximum": 100000}
        }
      })"};

  SandboxProbe(sdk::Host host, std::string_view config_json) : Connector(host) {
    const json::object config = json::parse(config_json).as_object();
    reads_ = strings(config, "read");
    writes_ = strings(config, "write");
    if (const auto* shadow = config.if_contains("read_etc_shadow"); shadow && shadow->as_bool())
      reads_.emplace_back("/etc/shadow");
    if (const auto* run = config.if_contains("run")) program_ = run->as_string();
    variables_ = strings(config, "env");
    if (const auto* count = config.if_contains("descriptors"))
      descriptors_ = static_cast<int>(count->to_number<std::int64_t>());
  }

  void validate(sdk::Call& call) {
    for (const auto& path : reads_) {
      const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      const int error = errno;
      if (fd >= 0) ::close(fd);
      call.emit(check("read " + path, fd >= 0, error));
    }
    for (const auto& path : writes_) {
      const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      const int error = errno;
      if (fd >= 0) ::close(fd);
      call.emit(check("write " + path, fd >= 0, error));
    }
    if (!program_.empty()) {
      pid_t pid = 0;
      char* argv[] = {program_.data(), nullptr};
      const int error = ::posix_spawn(&pid, program_.c_str(), nullptr, nullptr, argv, environ);
      int status = 0;
      if (error == 0) ::waitpid(pid, &status, 0);
      // posix_spawn reports an exec failure as exit status 127 of the child.
      const bool ran = error == 0 && WIFEXITED(status) && WEXITSTATUS(status) != 127;
      call.emit(check("run " + program_, ran, error != 0 ? error : EACCES));
    }
    for (const auto& name : variables_) {
      const bool set = std::getenv(name.c_str()) != nullptr;
      call.emit(json::serialize(json::object{
          {"check", "env " + name}, {"ok", set}, {"message", set ? "set" : "not set"}}));
    }
    if (descriptors_ > 0) {
      // Duplicates of stderr: descriptors without touching the file system.
      std::vector<int> held;
      int error = 0;
      while (static_cast<int>(held.size()) < descriptors_) {
        const int fd = ::fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 0);
        if (fd < 0) {
          error = errno;
          break;
        }
        held.push_back(fd);
      }
      for (const int fd : held) ::close(fd);
      call.emit(check("hold " + std::to_string(descriptors_) + " descriptors", error == 0, error));
    }
  }

 private:
  std::vector<std::string> reads_;
  std::vector<std::string> writes_;
  std::string program_;
  std::vector<std::string> variables_;
  int descriptors_ = 0;
};

}  // namespace

CONNECTOR_EXPORT_PLUGIN(SandboxProbe)
