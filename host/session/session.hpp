// What every command works with: the global options, the logger and redactor, the
// plugins and connectors (loaded on first use), the state directory, the output.
//
// A command asks for what it needs and nothing more: `plugins` never reads a
// manifest, `connectors` never creates an instance.
#pragma once

#include <spdlog/logger.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

#include "loader/plugin_registry.hpp"
#include "log/redactor.hpp"
#include "manifest/connector_catalog.hpp"
#include "output/printer.hpp"
#include "runtime/instance.hpp"
#include "runtime/secret_store.hpp"

namespace connector::host::commands {

struct GlobalOptions {
  std::filesystem::path plugins_dir;
  std::filesystem::path manifests_dir;
  std::filesystem::path state_dir;
  output::Format format = output::Format::console;
  spdlog::level::level_enum log_level = spdlog::level::warn;
  std::optional<std::chrono::milliseconds> timeout;  // for every plugin call of the command
};

class Session {
 public:
  // `out` receives results (stdout); diagnostics go to the logger (stderr).
  Session(GlobalOptions options, std::ostream& out);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const GlobalOptions& options() const noexcept { return options_; }
  log::Redactor& redactor() noexcept { return *redactor_; }
  const std::shared_ptr<spdlog::logger>& logger() const noexcept { return logger_; }
  runtime::SecretStore& secret_store() noexcept { return secret_store_; }
  runtime::Deadline deadline() const noexcept { return deadline_; }
  // Where results go (stdout): for commands that write a document of their own
  // rather than printer rows, such as `export` without --file.
  std::ostream& out() noexcept { return out_; }

  // Scans the plugin directory once. Throws HostError (plugin_load) when it cannot
  // be read; files that fail to load are logged (info) and listed by `plugins`.
  const loader::PluginRegistry& plugins();

  // Reads the manifest directory once (loads the plugins first).
  const manifest::ConnectorCatalog& connectors();

  // Whether a command may use a connector whose manifest says "enabled": false:
  // `validate` may (checking is how its owner gets ready to enable it), others not.
  enum class Disabled { refuse, allow };

  // The connector `id`, checked, and enabled unless `disabled` allows. Throws its
  // manifest's error.
  const manifest::ConnectorConfig& connector(std::string_view id,
                                             Disabled disabled = Disabled::refuse);

  // A live instance of connector `id`. Must not outlive this session.
  std::unique_ptr<runtime::Instance> open(std::string_view id,
                                          Disabled disabled = Disabled::refuse);

  // A printer in the session's format; `columns` shape the console table.
  std::unique_ptr<output::Printer> printer(std::vector<output::Column> columns);

 private:
  GlobalOptions options_;
  std::ostream& out_;
  std::unique_ptr<log::Redactor> redactor_;  // heap: the logger's sink keeps a reference
  std::shared_ptr<spdlog::logger> logger_;
  runtime::SecretStore secret_store_;
  runtime::Deadline deadline_;
  std::optional<loader::PluginRegistry> plugins_;
  std::optional<manifest::ConnectorCatalog> connectors_;
};

}  // namespace connector::host::commands
