#define BOOST_TEST_MODULE service_process_tests
#include <boost/test/unit_test.hpp>
