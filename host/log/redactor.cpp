#include "log/redactor.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <algorithm>
#include <mutex>

namespace connector::host::log {

void Redactor::add(std::string_view secret) {
  if (secret.empty()) return;
  // serialize() of a JSON string gives it quoted; the inner part is the escaped form.
  const std::string quoted = boost::json::serialize(boost::json::string(secret));
  std::unique_lock lock(mutex_);
  add_locked(std::string(secret));
  add_locked(quoted.substr(1, quoted.size() - 2));
}

void Redactor::add_locked(std::string value) {
  if (std::find(secrets_.begin(), secrets_.end(), value) != secrets_.end()) return;
  const auto position = std::find_if(secrets_.begin(), secrets_.end(),
                                     [&](const std::string& s) { return s.size() < value.size(); });
  secrets_.insert(position, std::move(value));
}

std::string Redactor::redact(std::string_view text) const {
  std::string out(text);
  std::shared_lock lock(mutex_);
  for (const std::string& secret : secrets_) {
    for (std::size_t at = out.find(secret); at != std::string::npos;
         at = out.find(secret, at + mask.size())) {
      out.replace(at, secret.size(), mask);
    }
  }
  return out;
}

bool Redactor::empty() const {
  std::shared_lock lock(mutex_);
  return secrets_.empty();
}

}  // namespace connector::host::log
