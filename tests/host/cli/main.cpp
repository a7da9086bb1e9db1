// Tests that run the real connector-host binary against the test plugins.
#define BOOST_TEST_MODULE connector - host command line
#include <boost/test/unit_test.hpp>
