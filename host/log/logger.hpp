// The host's logger: spdlog writing to stderr through a sink that redacts secrets.
//
// Plugins log through the conn_host `log` service; the host prefixes those lines with
// the connector id. Output for the user (tables, JSON lines) never goes here.
#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <optional>
#include <string_view>

#include "log/redactor.hpp"

namespace connector::host::log {

// Parses --log-level: debug, info, warn, error or off. nullopt for anything else.
std::optional<spdlog::level::level_enum> parse_level(std::string_view name);

// A logger named "connector-host" writing "[time] [level] message" lines to stderr,
// each passed through `redactor` first. The redactor must outlive the logger.
std::shared_ptr<spdlog::logger> make_stderr_logger(spdlog::level::level_enum level,
                                                   const Redactor& redactor);

}  // namespace connector::host::log
