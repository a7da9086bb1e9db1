#include "log/logger.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>

#include <cstdio>
#include <mutex>

#include "log/control_characters.hpp"

namespace connector::host::log {
namespace {

// Formats each record, masks the secrets in the formatted line, escapes its control
// characters (one record is one inert line), writes it to stderr.
class RedactingStderrSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit RedactingStderrSink(const Redactor& redactor) : redactor_(redactor) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& message) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(message, formatted);
    std::string_view text(formatted.data(), formatted.size());
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);  // the pattern's own
    // Redacted first: the redactor knows secrets as they are, not escaped.
    const std::string line = escape_control_characters(redactor_.redact(text)) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
  void flush_() override { std::fflush(stderr); }

 private:
  const Redactor& redactor_;
};

}  // namespace

std::optional<spdlog::level::level_enum> parse_level(std::string_view name) {
  if (name == "debug") return spdlog::level::debug;
  if (name == "info") return spdlog::level::info;
  if (name == "warn") return spdlog::level::warn;
  if (name == "error") return spdlog::level::err;
  if (name == "off") return spdlog::level::off;
  return std::nullopt;
}

std::shared_ptr<spdlog::logger> make_stderr_logger(spdlog::level::level_enum level,
                                                   const Redactor& redactor) {
  auto sink = std::make_shared<RedactingStderrSink>(redactor);
  auto logger = std::make_shared<spdlog::logger>("connector-host", std::move(sink));
  logger->set_pattern("[%Y-%m-%dT%H:%M:%S.%e] [%l] %v");
  logger->set_level(level);
  logger->flush_on(spdlog::level::trace);  // a crash must not swallow the last lines
  return logger;
}

}  // namespace connector::host::log
