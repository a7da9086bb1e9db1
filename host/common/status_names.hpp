// Names of the ABI's status codes, as gRPC spells them (eg: "UNAUTHENTICATED").
#pragma once

#include <connector/status.h>

#include <string_view>

namespace connector::host {

// A number outside the table comes back as "UNKNOWN".
std::string_view status_name(conn_status status) noexcept;

}  // namespace connector::host
