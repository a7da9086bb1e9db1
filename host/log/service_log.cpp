#include "log/service_log.hpp"

#include <spdlog/sinks/base_sink.h>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

#include "log/control_characters.hpp"

namespace connector::host::service {
namespace {

// What the current thread's lines are about; empty: the process as a whole.
thread_local std::string scope_connector;
thread_local std::string scope_sync_id;

std::string utc_time(spdlog::log_clock::time_point time) {
  const auto since_epoch = time.time_since_epoch();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds);
  const std::time_t whole = seconds.count();
  std::tm parts{};
  gmtime_r(&whole, &parts);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900,
                parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                static_cast<int>(millis.count()));
  return text;
}

std::string_view level_name(spdlog::level::level_enum level) {
  const auto name = spdlog::level::to_string_view(level);
  return {name.data(), name.size()};
}

class ServiceSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  ServiceSink(LogFormat format, const log::Redactor& redactor)
      : format_(format), redactor_(redactor) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& message) override {
    const std::string_view text(message.payload.data(), message.payload.size());
    // Redacted after formatting: the redactor also knows the JSON-escaped spellings.
    // A console line then has its control characters escaped (JSON escapes its own),
    // so that text from outside can neither forge a line nor drive a terminal.
    const std::string safe =
        format_ == LogFormat::json
            ? redactor_.redact(json_line(message, text))
            : log::escape_control_characters(redactor_.redact(console_line(message, text))) + "\n";
    std::fwrite(safe.data(), 1, safe.size(), stderr);
  }
  void flush_() override { std::fflush(stderr); }

 private:
  static std::string console_line(const spdlog::details::log_msg& message, std::string_view text) {
    const auto tag = [](const std::string& value) {
      return value.empty() ? std::string("-") : value;
    };
    return "[" + utc_time(message.time) + "] [" + std::string(level_name(message.level)) +
           "] [connector=" + tag(scope_connector) + " sync=" + tag(scope_sync_id) + "] " +
           std::string(text);  // no newline: the caller escapes the line, then ends it
  }

  static std::string json_line(const spdlog::details::log_msg& message, std::string_view text) {
    const auto tag = [](const std::string& value) {
      return value.empty() ? boost::json::value(nullptr) : boost::json::value(value);
    };
    const boost::json::object line{{"time", utc_time(message.time)},
                                   {"level", level_name(message.level)},
                                   {"connector", tag(scope_connector)},
                                   {"sync_id", tag(scope_sync_id)},
                                   {"message", text}};
    return boost::json::serialize(line) + "\n";
  }

  LogFormat format_;
  const log::Redactor& redactor_;
};

}  // namespace

std::optional<LogFormat> parse_log_format(std::string_view name) {
  if (name == "console") return LogFormat::console;
  if (name == "json") return LogFormat::json;
  return std::nullopt;
}

LogScope::LogScope(std::string connector, std::string sync_id)
    : previous_connector_(std::exchange(scope_connector, std::move(connector))),
      previous_sync_id_(std::exchange(scope_sync_id, std::move(sync_id))) {}

LogScope::~LogScope() {
  scope_connector = std::move(previous_connector_);
  scope_sync_id = std::move(previous_sync_id_);
}

void LogScope::set_sync_id(std::string sync_id) { scope_sync_id = std::move(sync_id); }

std::shared_ptr<spdlog::logger> make_service_logger(LogFormat format,
                                                    spdlog::level::level_enum level,
                                                    const log::Redactor& redactor) {
  auto logger = std::make_shared<spdlog::logger>("connector-host",
                                                 std::make_shared<ServiceSink>(format, redactor));
  logger->set_level(level);
  logger->flush_on(spdlog::level::trace);  // a crash must not swallow the last lines
  return logger;
}

}  // namespace connector::host::service
