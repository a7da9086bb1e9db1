// The paths CTest hands a test in its environment (the binaries under test, the test
// plugins, the test CA...): each suite's CMakeLists.txt sets them per test, so a test
// run outside CTest stops with a clear message instead of a confusing failure.
#pragma once

#include <string>

namespace test_support {

// The value of environment variable `name`; throws when it is unset or empty.
std::string required_env(const char* name);

}  // namespace test_support
