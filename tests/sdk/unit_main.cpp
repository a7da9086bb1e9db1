#define BOOST_TEST_MODULE connector_sdk
#include <boost/test/unit_test.hpp>
