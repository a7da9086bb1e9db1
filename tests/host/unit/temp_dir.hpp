// Forwards to the shared TempDir (tests/support) for the tests that still name it
// host_test::TempDir.
#pragma once
#include "support/temp_dir.hpp"
namespace host_test {
using test_support::TempDir;
}
