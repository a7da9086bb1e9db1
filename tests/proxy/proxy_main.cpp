// Tests of reaching the API through a real HTTP proxy (tinyproxy).
#define BOOST_TEST_MODULE proxy
#include <boost/test/unit_test.hpp>
