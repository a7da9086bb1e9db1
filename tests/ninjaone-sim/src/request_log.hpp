// Records every request: one JSON line per request in the --request-log file
// ({"method","path","query","status","body"}, plus "fault" when one was injected), and
// counts by path and status for GET /_sim/stats. Secrets in form bodies are masked.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace ninjaone_sim {

struct RequestRecord {
  std::string_view method;
  std::string_view path;
  std::string_view query;
  unsigned status = 0;  // 0: the connection was closed without a reply
  std::string_view body;
  std::string_view content_type;
  std::optional<std::string_view> fault;
};

// Replaces the values of client_secret, refresh_token, code, access_token, password and
// assertion in a form-encoded body with "***", keeping everything else byte for byte.
std::string mask_form_secrets(std::string_view form);

class RequestLog {
 public:
  // An empty path keeps statistics only. Throws std::runtime_error if it cannot open.
  explicit RequestLog(const std::string& path);

  void record(const RequestRecord& r);
  // {"total":N,"by_path":{"/v2/user/roles":{"200":3}},"faults":{"429":1}}
  boost::json::object stats() const;

 private:
  mutable std::mutex mutex_;
  std::ofstream file_;
  std::uint64_t total_ = 0;
  std::map<std::string, std::map<unsigned, std::uint64_t>, std::less<>> by_path_;
  std::map<std::string, std::uint64_t, std::less<>> faults_;
};

}  // namespace ninjaone_sim
