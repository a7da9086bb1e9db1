#include "common/status_names.hpp"

#include <array>

namespace connector::host {

std::string_view status_name(conn_status status) noexcept {
  // Indexed by the gRPC number; see status.h.
  static constexpr std::array<std::string_view, 17> names{"OK",
                                                          "CANCELLED",
                                                          "UNKNOWN",
                                                          "INVALID_ARGUMENT",
                                                          "DEADLINE_EXCEEDED",
                                                          "NOT_FOUND",
                                                          "ALREADY_EXISTS",
                                                          "PERMISSION_DENIED",
                                                          "RESOURCE_EXHAUSTED",
                                                          "FAILED_PRECONDITION",
                                                          "ABORTED",
                                                          "OUT_OF_RANGE",
                                                          "UNIMPLEMENTED",
                                                          "INTERNAL",
                                                          "UNAVAILABLE",
                                                          "DATA_LOSS",
                                                          "UNAUTHENTICATED"};
  if (status < 0 || static_cast<std::size_t>(status) >= names.size()) return "UNKNOWN";
  return names[static_cast<std::size_t>(status)];
}

}  // namespace connector::host
