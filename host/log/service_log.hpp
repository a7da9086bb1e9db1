// Logs of service mode: every line names the connector and the sync it is about,
// as a console line or a JSON object, with known secrets redacted.
//
//   console: [2026-11-24T10:44:05.123Z] [info] [connector=ninjaone-prod sync=42] synced 1200 items
//   json:    {"time":"2026-11-24T10:44:05.123Z","level":"info","connector":"ninjaone-prod",
//             "sync_id":"42","message":"synced 1200 items"}
// Lines about the process as a whole (start, reload, shutdown) carry connector "-"
// and sync "-" (null in JSON). The connector and sync come from the LogScope open on
// the logging thread: a sync opens one on its worker thread for its whole length, so
// the host's lines and the plugin's (conn_host.log, called on the same thread) are
// all tagged.
#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "log/redactor.hpp"

namespace connector::host::service {

enum class LogFormat { console, json };

// "console" or "json"; nullopt for anything else.
std::optional<LogFormat> parse_log_format(std::string_view name);

// Tags every line logged on this thread while it lives; restores the previous tags
// when it ends (scopes nest).
class LogScope {
 public:
  LogScope(std::string connector, std::string sync_id);
  ~LogScope();
  LogScope(const LogScope&) = delete;
  LogScope& operator=(const LogScope&) = delete;

  // Once the sync id is known (the store assigns it when the run begins).
  void set_sync_id(std::string sync_id);

 private:
  std::string previous_connector_;
  std::string previous_sync_id_;
};

// A logger writing to stderr in `format`, passing each formatted line through
// `redactor`, which must outlive it.
std::shared_ptr<spdlog::logger> make_service_logger(LogFormat format,
                                                    spdlog::level::level_enum level,
                                                    const log::Redactor& redactor);

}  // namespace connector::host::service
