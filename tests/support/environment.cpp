#include "environment.hpp"

#include <cstdlib>
#include <stdexcept>

namespace test_support {

std::string required_env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(std::string(name) + " is not set (run the test through CTest)");
  }
  return value;
}

}  // namespace test_support
