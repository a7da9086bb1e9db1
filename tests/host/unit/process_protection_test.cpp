// protect_process_memory(): no core file and not dumpable, checked in a child
// process so that the test program itself stays debuggable.
#include "common/process_protection.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(process_protection)

BOOST_AUTO_TEST_CASE(the_process_is_not_dumpable_and_has_no_core_limit) {
  const pid_t child = ::fork();
  BOOST_REQUIRE(child >= 0);
  if (child == 0) {
    // Exit codes say what did not hold: 1 the call failed, 2 dumpable, 3 the limit.
    if (connector::host::protect_process_memory()) ::_exit(1);
    if (::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0) ::_exit(2);
    rlimit core{};
    if (::getrlimit(RLIMIT_CORE, &core) != 0 || core.rlim_cur != 0 || core.rlim_max != 0)
      ::_exit(3);
    ::_exit(0);
  }
  int status = 0;
  BOOST_REQUIRE_EQUAL(::waitpid(child, &status, 0), child);
  BOOST_REQUIRE(WIFEXITED(status));
  BOOST_TEST(WEXITSTATUS(status) == 0, "child exit code "
                                           << WEXITSTATUS(status)
                                           << " (1 call failed, 2 dumpable, 3 core limit)");
}

BOOST_AUTO_TEST_SUITE_END()
