#include "request_log.hpp"

#include <boost/url/decode_view.hpp>
#include <stdexcept>

namespace ninjaone_sim {
namespace {

bool is_secret_field(std::string_view encoded_key) {
  static constexpr std::string_view kSecrets[] = {"client_secret", "refresh_token", "code",
                                                  "access_token",  "password",      "assertion"};
  std::string key;
  for (char c : boost::urls::decode_view(encoded_key)) key += c;
  for (auto s : kSecrets) {
    if (key == s) return true;
  }
  return false;
}

}  // namespace

std::string mask_form_secrets(std::string_view form) {
  std::string out;
  std::size_t start = 0;
  while (start <= form.size()) {
    auto end = form.find('&', start);
    if (end == std::string_view::npos) end = form.size();
    auto pair = form.substr(start, end - start);
    auto eq = pair.find('=');
    if (!out.empty() || start > 0) out += '&';
    if (eq != std::string_view::npos && is_secret_field(pair.substr(0, eq))) {
      out.append(pair.substr(0, eq)).append("=***");
    } else {
      out.append(pair);
    }
    start = end + 1;
  }
  return out;
}

RequestLog::RequestLog(const std::string& path) {
  if (path.empty()) return;
  file_.open(path, std::ios::out | std::ios::app);
  if (!file_) throw std::runtime_error("cannot open request log " + path);
}

void RequestLog::record(const RequestRecord& r) {
  std::lock_guard lock(mutex_);
  ++total_;
  auto path = by_path_.find(r.path);
  if (path == by_path_.end())
    path = by_path_.emplace(std::string(r.path), std::map<unsigned, std::uint64_t>{}).first;
  ++path->second[r.status];
  if (r.fault) {
    auto f = faults_.find(*r.fault);
    if (f == faults_.end()) f = faults_.emplace(std::string(*r.fault), 0).first;
    ++f->second;
  }
  if (!file_.is_open()) return;
  boost::json::object line;
  line["method"] = r.method;
  line["path"] = r.path;
  line["query"] = r.query;
  line["status"] = r.status;
  // Token requests are masked whatever content type they claim.
  const bool mask = r.content_type.starts_with("application/x-www-form-urlencoded") ||
                    r.path.ends_with("/oauth/token");
  line["body"] =
      mask ? boost::json::string(mask_form_secrets(r.body)) : boost::json::string(r.body);
  if (r.fault) line["fault"] = *r.fault;
  file_ << boost::json::serialize(line) << '\n';
  file_.flush();  // tests read the log while the simulator runs
}

boost::json::object RequestLog::stats() const {
  std::lock_guard lock(mutex_);
  boost::json::object by_path, faults;
  for (const auto& [path, statuses] : by_path_) {
    boost::json::object counts;
    for (const auto& [status, n] : statuses) counts[std::to_string(status)] = n;
    by_path[path] = std::move(counts);
  }
  for (const auto& [kind, n] : faults_) faults[kind] = n;
  return {{"total", total_}, {"by_path", std::move(by_path)}, {"faults", std::move(faults)}};
}

}  // namespace ninjaone_sim
