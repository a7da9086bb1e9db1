#define BOOST_TEST_MODULE service_unit_tests
#include <boost/test/unit_test.hpp>
