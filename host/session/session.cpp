#include "session/session.hpp"

#include "common/error.hpp"
#include "isolation/open_instance.hpp"
#include "log/logger.hpp"
#include "manifest/secret_environment.hpp"

namespace connector::host::commands {

Session::Session(GlobalOptions options, std::ostream& out)
    : options_(std::move(options)),
      out_(out),
      redactor_(std::make_unique<log::Redactor>()),
      logger_(log::make_stderr_logger(options_.log_level, *redactor_)),
      secret_store_(options_.state_dir) {
  if (options_.timeout) deadline_ = std::chrono::steady_clock::now() + *options_.timeout;
}

const loader::PluginRegistry& Session::plugins() {
  if (!plugins_) {
    try {
      plugins_ = loader::PluginRegistry::scan(options_.plugins_dir);
    } catch (const std::runtime_error& e) {
      throw HostError(ExitCode::plugin_load, e.what());
    }
    for (const auto& plugin : plugins_->plugins()) {
      logger_->debug("loaded plugin '{}' {} from {}", plugin->id(), plugin->descriptor().version,
                     plugin->path().string());
    }
    for (const auto& failure : plugins_->failures()) {
      logger_->info("skipped {}: {}", failure.path.string(), failure.reason);
    }
  }
  return *plugins_;
}

const manifest::ConnectorCatalog& Session::connectors() {
  if (!connectors_) {
    const auto& registry = plugins();
    connectors_ = manifest::ConnectorCatalog::load(options_.manifests_dir, registry, *redactor_);
    for (const auto& failure : connectors_->failures()) {
      logger_->debug("manifest {} not usable: {}", failure.file.string(), failure.error.what());
    }
    // The secrets are in memory now; out of the environment, no plugin or child
    // process can read them there. No other thread runs yet: a command starts its
    // plugin instances after this.
    manifest::remove_secret_variables();
  }
  return *connectors_;
}

const manifest::ConnectorConfig& Session::connector(std::string_view id, Disabled disabled) {
  const auto& config = connectors().get(id);
  if (!config.manifest.enabled && disabled == Disabled::refuse) {
    throw HostError(ExitCode::config, "connector '" + config.manifest.id +
                                          "' is disabled; set \"enabled\": true in " +
                                          config.manifest.file.string() + " to use it");
  }
  return config;
}

std::unique_ptr<runtime::Instance> Session::open(std::string_view id, Disabled disabled) {
  const auto& config = connector(id, disabled);
  logger_->debug("creating connector '{}' with plugin '{}'", config.manifest.id,
                 config.plugin->id());
  return isolation::open_instance(config,
                                  {logger_, &secret_store_, redactor_.get(), deadline_, {}});
}

std::unique_ptr<output::Printer> Session::printer(std::vector<output::Column> columns) {
  return output::make_printer(options_.format, std::move(columns), *redactor_, out_);
}

}  // namespace connector::host::commands
