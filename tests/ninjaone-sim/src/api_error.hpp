// An application-layer failure ({"resultCode","errorMessage","incidentId"} in NinjaOne's
// shape), thrown by the store and the handlers and turned into a reply by the router.
#pragma once

#include <stdexcept>
#include <string>

namespace ninjaone_sim {

class ApiError : public std::runtime_error {
 public:
  ApiError(unsigned status, std::string result_code, const std::string& message)
      : std::runtime_error(message), status_(status), result_code_(std::move(result_code)) {}

  unsigned status() const { return status_; }
  const std::string& result_code() const { return result_code_; }

 private:
  unsigned status_;
  std::string result_code_;
};

inline ApiError bad_request(const std::string& message) {
  return ApiError(400, "BAD_REQUEST", message);
}
inline ApiError not_found(const std::string& message) {
  return ApiError(404, "NOT_FOUND", message);
}

}  // namespace ninjaone_sim
