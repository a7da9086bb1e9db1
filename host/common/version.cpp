#include "common/version.hpp"

namespace connector::host {

const char* const host_version = CONNECTOR_HOST_VERSION;

}  // namespace connector::host
